/**
 * HL-PVE-004: the Terraform user has every privilege the lab needs. Checked when Terraform runs as the
 * access user (its token, by default) and the profile grants it built-in roles (`proxmox.access.roles`):
 * each privilege on each ACL path the oracle computes (src/proxmox/privileges.ts) must be in those roles on
 * `proxmox.access.path`. With the computed role it holds by construction; for other users `homelab doctor`
 * compares with what the token really has.
 */
import { builtinGrants, uncovered } from '../../proxmox/privilege-check';
import { labPrivilegeNeeds } from '../../proxmox/privileges';
import type { Rule } from '../finding';

export const proxmoxPrivileges: Rule = {
  id: 'HL-PVE-004',
  severity: 'error',
  description: 'The Terraform user holds every privilege the lab needs on the right ACL path (SDN.Use on bridges, Mapping.Use, Datastore.AllocateTemplate, ...).',
  *check(lab) {
    const access = lab.proxmox.access;
    const user = lab.proxmox.terraformUser;
    if (!access?.roles || (user !== access.user && user !== `${access.user}!${access.token}`)) return;
    const grants = builtinGrants(access.roles, access.path);
    if (!grants) return;
    const seen = new Set<string>();
    for (const need of uncovered(labPrivilegeNeeds(lab), grants)) {
      const key = `${need.field}\u0000${need.path}\u0000${need.privilege}`;
      if (seen.has(key)) continue;
      seen.add(key);
      yield {
        path: need.field,
        message: `${user} cannot ${need.why}: it needs ${need.privilege} on ${need.path}, which the roles ${access.roles.join(', ')} on ${access.path} do not grant`,
        fix: 'remove proxmox.access.roles so that the access stack grants the computed role (listed by homelab inventory), or add a role with that privilege',
      };
    }
  },
};
