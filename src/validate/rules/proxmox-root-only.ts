/** HL-PVE-003: operations Proxmox allows to root@pam alone, when Terraform runs as another user or a token. */
import { isRoot, rootOnlyOperations } from '../../proxmox/root-only';
import type { Rule } from '../finding';

export const proxmoxRootOnly: Rule = {
  id: 'HL-PVE-003',
  severity: 'error',
  description: 'Root-only operations (LXC bind mounts, keyctl/fuse, features of privileged containers, PCI by address) need Terraform to run as root@pam itself.',
  *check(lab) {
    const user = lab.proxmox.terraformUser;
    if (isRoot(user)) return;
    const token = user.includes('!') ? ' (an API token, even one of root@pam, is not root@pam)' : '';
    for (const op of rootOnlyOperations(lab)) {
      yield {
        path: op.path,
        message: `${op.what} is allowed to root@pam only (${op.source}), and Terraform runs as ${user}${token}`,
        fix: `${op.instead}, or set proxmox.terraformUser: root@pam and apply with PROXMOX_VE_USERNAME=root@pam and a password`,
      };
    }
  },
};
