/**
 * The Terraform user has the privileges the lab needs: compares the privilege oracle (src/proxmox/privileges.ts)
 * with what Proxmox reports for the user or token (`pveum user [token] permissions ... --output-format json`:
 * ACL path -> privilege -> 1 when it propagates). Checked once, on the first host (ACLs are cluster-wide), and
 * only when Terraform does not run as root@pam (root@pam has every privilege).
 */
import { uncovered, type Grant } from '../../proxmox/privilege-check';
import { labPrivilegeNeeds } from '../../proxmox/privileges';
import { isRoot } from '../../proxmox/root-only';
import { fail, pass, type CheckArea } from '../check';

/** Missing privileges listed in the message before it says "and N more". */
const SHOWN = 8;

export const privilegeChecks: CheckArea = {
  name: 'privileges',
  async run({ lab, host, facts }) {
    const user = lab.proxmox.terraformUser;
    if (host !== lab.hosts[0] || isRoot(user)) return [];
    const [userId, token] = user.split('!') as [string, string | undefined];
    const perms = await facts.permissions(userId, token);
    const grants: Grant[] = Object.entries(perms).map(([path, privs]) => ({
      path,
      privileges: new Set(Object.keys(privs)),
      // pveum prints 1 for a privilege that propagates to the paths below.
      propagate: Object.values(privs).some((v) => Number(v) === 1),
    }));
    const missing = new Map<string, string[]>();
    for (const n of uncovered(labPrivilegeNeeds(lab), grants)) {
      const key = `${n.privilege} on ${n.path}`;
      missing.set(key, [...(missing.get(key) ?? []), n.field]);
    }
    if (missing.size === 0) return [pass('privileges', `${user} has every privilege the lab needs`)];
    const lines = [...missing].map(([what, fields]) => `${what} (${[...new Set(fields)].join(', ')})`);
    const shown = lines.slice(0, SHOWN).join('; ') + (lines.length > SHOWN ? `; and ${lines.length - SHOWN} more` : '');
    const fix = lab.proxmox.access && !lab.proxmox.access.roles
      ? `apply the ${lab.name}-access stack again with an administrator (it grants role ${lab.proxmox.access.role} on every path \`homelab inventory\` lists)`
      : `grant these privileges to ${userId} (pveum acl modify <path> --users ${userId} --roles <role>), or let proxmox.access create the computed role`;
    return [fail('privileges', `${user} lacks ${missing.size} privilege(s): ${shown}`, fix)];
  },
};
