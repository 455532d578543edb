/** HL-PVE-005: `migrate: true` on a VM that cannot move in place (local disks, host devices): a host change replaces it. */
import { allVms } from '../../model/resolve';
import { migrationBlockers } from '../../proxmox/migration';
import type { Rule } from '../finding';

export const proxmoxMigrate: Rule = {
  id: 'HL-PVE-005',
  severity: 'warning',
  description: '`migrate: true` only moves VMs whose disks are on shared storage and that pass no PCI device by address.',
  *check(lab) {
    for (const vm of allVms(lab).filter((v) => v.migrate)) {
      const blockers = migrationBlockers(vm);
      if (blockers.length === 0) continue;
      yield {
        path: `${vm.path}.migrate`,
        message: `VM "${vm.name}" cannot be migrated in place: ${blockers.join('; ')}; a host change destroys and re-creates it (homelab diff shows REPLACE)`,
        fix: 'put its disks on shared storage (NFS, Ceph, ...) and pass devices through mappings, or drop migrate',
      };
    }
  },
};
