/**
 * What a set of ACL grants allows, and which needs it leaves uncovered. Used by `homelab validate` (for
 * built-in roles named in `proxmox.access.roles`) and `homelab doctor` (for what `pveum user token
 * permissions` reports on the host).
 *
 * Built-in roles as pve-access-control `src/PVE/AccessControl.pm` create_roles builds them from $privgroups
 * (commit 5ccd07d, PVE 9): PVE<Cat>Admin = admin + user + audit privileges of a category, PVE<Cat>User = user +
 * audit (categories with user privileges), PVEAuditor = every audit privilege, PVEAdmin = every admin/user/
 * audit privilege except Mapping.Modify, PVETemplateUser = VM.Clone + VM.Audit. Administrator has all.
 */
import type { PrivilegeNeed } from './privileges';

const GROUPS = {
  VM: {
    admin: ['VM.Config.Disk', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Network', 'VM.Config.HWType', 'VM.Config.Options', 'VM.Allocate', 'VM.Clone',
      'VM.GuestAgent.Unrestricted', 'VM.Migrate', 'VM.Replicate', 'VM.Snapshot', 'VM.Snapshot.Rollback'],
    user: ['VM.Config.CDROM', 'VM.Config.Cloudinit', 'VM.Console', 'VM.Backup', 'VM.GuestAgent.FileRead', 'VM.GuestAgent.FileSystemMgmt', 'VM.GuestAgent.FileWrite', 'VM.PowerMgmt'],
    audit: ['VM.Audit', 'VM.GuestAgent.Audit'],
  },
  Sys: { admin: ['Sys.Console', 'Sys.Syslog'], user: [], audit: ['Sys.Audit'] },
  Datastore: { admin: ['Datastore.Allocate', 'Datastore.AllocateTemplate'], user: ['Datastore.AllocateSpace'], audit: ['Datastore.Audit'] },
  SDN: { admin: ['SDN.Allocate', 'SDN.Audit'], user: ['SDN.Use'], audit: ['SDN.Audit'] },
  User: { admin: ['User.Modify', 'Group.Allocate', 'Realm.AllocateUser'], user: [], audit: [] },
  Pool: { admin: ['Pool.Allocate'], user: ['Pool.Audit'], audit: ['Pool.Audit'] },
  Mapping: { admin: ['Mapping.Modify'], user: ['Mapping.Use'], audit: ['Mapping.Audit'] },
} as const;

function builtinRoles(): Map<string, ReadonlySet<string>> {
  const roles = new Map<string, Set<string>>();
  const add = (role: string, privs: readonly string[]) => {
    const set = roles.get(role) ?? new Set<string>();
    for (const p of privs) set.add(p);
    roles.set(role, set);
  };
  for (const [cat, g] of Object.entries(GROUPS)) {
    add(`PVE${cat}Admin`, [...g.admin, ...g.user, ...g.audit]);
    add('PVEAdmin', [...g.admin, ...g.user, ...g.audit]);
    if (g.user.length) add(`PVE${cat}User`, [...g.user, ...g.audit]);
    add('PVEAuditor', g.audit);
  }
  roles.get('PVEAdmin')!.delete('Mapping.Modify');
  add('PVETemplateUser', ['VM.Clone', 'VM.Audit']);
  add('NoAccess', []);
  return roles;
}

/** Privileges of the built-in roles (Administrator: every privilege, checked separately). */
export const BUILTIN_ROLES: ReadonlyMap<string, ReadonlySet<string>> = builtinRoles();

export interface Grant {
  readonly path: string;
  readonly privileges: ReadonlySet<string>;
  /** Whether the grant applies below its path too. */
  readonly propagate: boolean;
}

/** Grants of built-in roles on one path; undefined for a role that is not built in (its privileges are unknown). */
export function builtinGrants(roles: readonly string[], path: string): Grant[] | undefined {
  if (roles.some((r) => r !== 'Administrator' && !BUILTIN_ROLES.has(r))) return undefined;
  const privileges = new Set(roles.flatMap((r) => (r === 'Administrator' ? ['*'] : [...BUILTIN_ROLES.get(r)!])));
  return [{ path, privileges, propagate: true }];
}

const ancestors = (path: string): string[] => {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, parts.length - i).join('/')}`).concat('/');
};

/**
 * Whether the grants allow `privilege` on `path`. Like Proxmox, the most specific path with a grant decides
 * (an ACL deeper in the tree replaces what is inherited from above); grants from above need propagation.
 */
export function allows(grants: readonly Grant[], path: string, privilege: string): boolean {
  for (const p of ancestors(path)) {
    const here = grants.filter((g) => g.path === p && (p === path || g.propagate));
    if (here.length) return here.some((g) => g.privileges.has(privilege) || g.privileges.has('*'));
  }
  return false;
}

/** Needs the grants do not cover, in need order. */
export function uncovered(needs: readonly PrivilegeNeed[], grants: readonly Grant[]): PrivilegeNeed[] {
  return needs.filter((n) => !allows(grants, n.path, n.privilege));
}
