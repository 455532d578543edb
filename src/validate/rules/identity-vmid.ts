/** HL-ID-001: VMIDs are unique across the lab (stand-alone VMs and every cluster node). */
import type { Rule } from '../finding';
import { allVms, duplicates } from '../walk';

export const identityVmid: Rule = {
  id: 'HL-ID-001',
  severity: 'error',
  description: 'VMIDs are unique across the whole lab.',
  *check(lab) {
    const vms = allVms(lab);
    const taken = new Set(vms.map((v) => v.vmId));
    for (const { item, first } of duplicates(vms, (v) => String(v.vmId))) {
      let free = item.vmId + 1;
      while (taken.has(free)) free++;
      yield {
        path: `${item.path}.vmId`,
        message: `VMID ${item.vmId} of "${item.name}" is already used by "${first.name}" (${first.path})`,
        fix: `use a free VMID, e.g. ${free}`,
      };
    }
  },
};
