/** The `Proxmox privileges` section of the inventory: what the Terraform user needs, per ACL path. */
import type { Lab } from '../model/types';
import { accessPrivilegeNeeds, labPrivilegeNeeds, privilegesByPath, rolePrivileges } from '../proxmox/privileges';
import { markdownTable } from './inventory';

export function privilegeSection(lab: Lab): string[] {
  const needs = labPrivilegeNeeds(lab);
  const byPath = privilegesByPath(needs);
  // Fields per path in one pass (a lab of 1 000 VMs has a path per VM).
  const fieldsByPath = new Map<string, Set<string>>();
  for (const n of needs) {
    let set = fieldsByPath.get(n.path);
    if (!set) fieldsByPath.set(n.path, (set = new Set()));
    set.add(n.field);
  }
  const fields = (path: string) => [...(fieldsByPath.get(path) ?? [])].join(', ');
  const access = lab.proxmox.access;
  const who = access
    ? access.roles
      ? `The access stack grants ${access.roles.join(', ')} on ${access.path} to ${access.user} (\`homelab validate\` reports what they lack).`
      : `The access stack creates role ${access.role} with these ${rolePrivileges(needs).length} privileges and grants it to ${access.user} on each path below.`
    : 'No access stack: Terraform runs as the user of `proxmox.terraformUser` (default root@pam).';
  const admin = access
    ? [`Applying the access stack (once, as an administrator such as root@pam) needs ${[...privilegesByPath(accessPrivilegeNeeds(lab, [...byPath.keys()]))]
      .map(([path, privs]) => `${privs.join(', ')} on ${path}`).join('; ')}.`]
    : [];
  return [
    '## Proxmox privileges',
    `Terraform runs as ${lab.proxmox.terraformUser}. ${who}`,
    markdownTable(['ACL path', 'privileges', 'needed by'], [...byPath].map(([path, privs]) => [path, privs.join(', '), fields(path)])),
    ...admin,
  ];
}
