/** Resolves the Proxmox-wide parts of a profile: shared storage, PCI mappings, API access and the state backend. */
import { ACCESS_DEFAULTS, STATE_DEFAULTS } from '../defaults';
import type { AccessInput, PciMappingInput } from '../schema/proxmox';
import type { StateInput } from '../schema/state';
import type { PciMapping, PciMappingEntry, ProxmoxAccess, StateBackend } from './infra-types';
import type { Problems } from './problems';
import { fullPciAddress } from './resolve-host';
import type { Host, Storage } from './types';

const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

/**
 * Shared storage (NFS, Ceph, ...) is one storage of the Proxmox cluster: declared with `shared: true` (or a
 * shared type) on any host, it is added to every other host that does not declare it itself.
 */
export function shareStorage(hosts: ReadonlyMap<string, Host>): Map<string, Host> {
  const shared = new Map<string, Storage>();
  for (const h of hosts.values()) for (const s of h.storage.values()) if (s.shared && !shared.has(s.id)) shared.set(s.id, s);
  return new Map(
    [...hosts].map(([key, h]) => {
      const storage = new Map(h.storage);
      for (const [id, s] of shared) if (!storage.has(id)) storage.set(id, s);
      return [key, { ...h, storage: new Map([...storage].sort(([a], [b]) => a.localeCompare(b))) }];
    }),
  );
}

export function resolveMappings(
  input: Record<string, PciMappingInput> | undefined,
  hosts: ReadonlyMap<string, Host>,
  problems: Problems,
): Map<string, PciMapping> {
  const mappings = new Map<string, PciMapping>();
  for (const [name, m] of Object.entries(input ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const entries: PciMappingEntry[] = [];
    let kind: string | undefined;
    m.map.forEach((e, i) => {
      const path = `proxmox.mappings.${name}.map[${i}]`;
      const host = hosts.get(e.host);
      if (!host) return problems.add(`${path}.host`, `host "${e.host}" is not defined`, `use one of ${list(hosts.keys())}`);
      if (entries.some((x) => x.host.key === host.key)) {
        return problems.add(`${path}.host`, `host "${e.host}" appears twice in mapping "${name}"`, 'keep one entry per node');
      }
      const device = e.device !== undefined ? host.pci.get(e.device) : undefined;
      if (e.device !== undefined && !device) {
        return problems.add(`${path}.device`, `PCI device "${e.device}" is not defined on host "${host.key}"`,
          `use one of ${list(host.pci.keys())} or add it to hosts.${host.key}.pci`);
      }
      kind ??= device?.kind;
      entries.push({
        host,
        path: device?.address ?? fullPciAddress(e.address!),
        id: (device?.id ?? e.id!).toLowerCase(),
        iommuGroup: e.iommuGroup ?? device?.iommuGroup,
        subsystemId: e.subsystemId ?? device?.subsystemId,
        comment: e.comment,
      });
    });
    if (entries.length === 0) continue;
    mappings.set(name, { name, comment: m.comment, kind: m.kind ?? kind ?? 'other', id: entries[0]!.id, map: entries });
  }
  return mappings;
}

export function resolveAccess(input: AccessInput | undefined, labName: string): ProxmoxAccess | undefined {
  if (!input) return undefined;
  return {
    user: input.user,
    token: input.token,
    roles: input.roles && [...input.roles].sort(),
    role: input.role ?? `${ACCESS_DEFAULTS.rolePrefix}${labName}`,
    path: input.path ?? ACCESS_DEFAULTS.path,
    comment: input.comment,
  };
}

/** `proxmox.terraformUser`, else the access token (`terraform@pve!homelab`), else root@pam. */
export function resolveTerraformUser(input: { terraformUser?: string; access?: AccessInput } | undefined): string {
  if (input?.terraformUser) return input.terraformUser;
  return input?.access ? `${input.access.user}!${input.access.token}` : ROOT_USER;
}

/** The one account Proxmox's root-only checks accept (`$authuser eq 'root@pam'`); its API tokens do not pass. */
export const ROOT_USER = 'root@pam';

export function resolveState(input: StateInput | undefined): StateBackend {
  if (!input || input.backend === 'local') return { backend: 'local' };
  switch (input.backend) {
    case 's3':
      return {
        backend: 's3',
        bucket: input.bucket,
        key: input.key ?? STATE_DEFAULTS.s3Key,
        region: input.region ?? STATE_DEFAULTS.s3Region,
        endpoint: input.endpoint,
        usePathStyle: input.usePathStyle ?? input.endpoint !== undefined,
        skipChecks: input.skipChecks ?? input.endpoint !== undefined,
      };
    case 'pg':
      return { backend: 'pg', schemaName: input.schemaName ?? STATE_DEFAULTS.pgSchemaName };
    case 'http':
      return { ...input, backend: 'http' };
  }
}

/** Adds a problem unless `storage` exists on `host` and accepts `content`. */
export function checkStorage(path: string, host: Host, storage: string, content: string, problems: Problems): void {
  const s = host.storage.get(storage);
  if (!s) {
    problems.add(path, `storage "${storage}" is not defined on host "${host.key}"`,
      `use one of ${list(host.storage.keys())} or add it to hosts.${host.key}.storage (shared storage may be declared on any host)`);
  } else if (!s.content.includes(content)) {
    problems.add(path, `storage "${storage}" on host "${host.key}" does not accept content "${content}" (it has ${s.content.join(', ')})`,
      `add ${content} to the content of ${storage} or use another storage`);
  }
}
