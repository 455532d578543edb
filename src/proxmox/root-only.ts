/**
 * Operations Proxmox allows to `root@pam` alone. The checks compare the authenticated id with the string
 * `root@pam`, so an API token of root (`root@pam!x`) is refused too:
 * - LXC: a mount point that is not a storage volume (bind mount of a host path, device), any feature flag
 *   other than nesting (keyctl, fuse, mount, mknod), and any feature flag at all on a privileged container
 *   (pve-container `src/PVE/LXC.pm` check_ct_modify_config_perm, commit 94f5585; called from
 *   `src/PVE/API2/LXC.pm` create_vm and update_vm);
 * - QEMU: PCI passthrough by host address instead of a resource mapping (qemu-server `src/PVE/API2/Qemu.pm`
 *   check_hostpci_perm: "only root can set 'hostpciN' config for non-mapped devices", commit e6352be).
 */
import { allVms } from '../model/resolve';
import { ROOT_USER } from '../model/resolve-proxmox';
import type { Lab } from '../model/types';

export interface RootOnlyOperation {
  /** Profile field that asks for it. */
  readonly path: string;
  /** What it is, for messages. */
  readonly what: string;
  /** How to do without root@pam. */
  readonly instead: string;
  /** Upstream check that refuses it. */
  readonly source: string;
}

const CT_CHECK = 'pve-container src/PVE/LXC.pm check_ct_modify_config_perm';

/** Every root-only operation the lab asks for, whoever runs Terraform. */
export function rootOnlyOperations(lab: Lab): RootOnlyOperation[] {
  const out: RootOnlyOperation[] = [];
  for (const c of lab.containers) {
    c.mountPoints.forEach((m, i) => {
      if (m.bindMount) {
        out.push({ path: `${c.path}.mountPoints[${i}].volume`, what: `bind mount of host path ${m.volume} into container "${c.name}"`,
          instead: 'use a storage volume (volume: <storage>, sizeGiB) or run Terraform as root@pam with a password', source: CT_CHECK });
      }
    });
    const features = (['nesting', 'keyctl', 'fuse'] as const).filter((f) => c[f]);
    for (const f of features) {
      if (!c.unprivileged) {
        out.push({ path: `${c.path}.${f}`, what: `feature "${f}" on privileged container "${c.name}"`,
          instead: `make the container unprivileged (unprivileged: true) or drop ${f}`, source: CT_CHECK });
      } else if (f !== 'nesting') {
        out.push({ path: `${c.path}.${f}`, what: `feature "${f}" on container "${c.name}"`,
          instead: `drop ${f} (only nesting is allowed to other users)`, source: CT_CHECK });
      }
    }
  }
  for (const vm of allVms(lab)) {
    vm.pci.forEach((p, i) => {
      if (p.mapping !== undefined) return;
      const field = p.device ? 'device' : 'address';
      out.push({ path: `${vm.path}.pci[${i}].${field}`, what: `PCI passthrough of ${p.address} by address to VM "${vm.name}"`,
        instead: 'declare a PCI resource mapping under proxmox.mappings and use pci: [{ mapping: <name> }]',
        source: 'qemu-server src/PVE/API2/Qemu.pm check_hostpci_perm' });
    });
  }
  return out;
}

/** Whether Proxmox's root-only checks accept this user (only `root@pam` itself, not its tokens). */
export const isRoot = (user: string): boolean => user === ROOT_USER;
