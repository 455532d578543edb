/** Resolves `containers.<name>` (LXC) against its host; NICs resolve exactly like VM NICs. */
import { CONTAINER_DEFAULTS } from '../defaults';
import type { ContainerInput } from '../schema/container';
import type { Container, MountPoint } from './infra-types';
import { osTypeFromTemplate } from './lxc-os-type';
import type { Problems } from './problems';
import { checkStorage } from './resolve-proxmox';
import { resolveNic } from './resolve-vm';
import type { Host } from './types';

const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

export function resolveContainer(name: string, c: ContainerInput, hosts: ReadonlyMap<string, Host>, problems: Problems): Container | undefined {
  const path = `containers.${name}`;
  const host = hosts.get(c.host);
  if (!host) {
    problems.add(`${path}.host`, `host "${c.host}" is not defined`, `use one of ${list(hosts.keys())} or add it under hosts`);
    return undefined;
  }
  checkStorage(`${path}.disk.storage`, host, c.disk.storage, 'rootdir', problems);
  const nics = c.nics.map((n, i) => ({
    ...resolveNic(`${path}.nics[${i}]`, host, c.vmId, n, i, problems),
    interfaceName: n.name ?? `${CONTAINER_DEFAULTS.interfacePrefix}${i}`,
  }));
  const mountPoints = (c.mountPoints ?? []).map((m, i): MountPoint => {
    const bindMount = m.volume.startsWith('/');
    if (!bindMount) {
      checkStorage(`${path}.mountPoints[${i}].volume`, host, m.volume, 'rootdir', problems);
      if (m.sizeGiB === undefined) {
        problems.add(`${path}.mountPoints[${i}].sizeGiB`, `a volume on storage "${m.volume}" needs a size`, 'set sizeGiB, or give an absolute host path to bind-mount');
      }
    }
    return { volume: m.volume, path: m.path, bindMount, sizeGiB: m.sizeGiB, readOnly: m.readOnly ?? false, backup: m.backup ?? false, shared: m.shared ?? false };
  });
  const osType = c.osType ?? osTypeFromTemplate(c.template);
  if (osType === undefined) {
    problems.add(`${path}.osType`, `cannot tell the OS of template "${c.template}" from its file name, and without a type Proxmox leaves the container unconfigured (ostype unmanaged)`,
      'set osType (debian, ubuntu, alpine, centos, fedora, archlinux, opensuse, nixos, gentoo, devuan), or unmanaged to configure the container yourself');
  }
  const unprivileged = c.unprivileged ?? CONTAINER_DEFAULTS.unprivileged;
  return {
    path,
    name,
    vmId: c.vmId,
    host,
    description: c.description,
    tags: [...(c.tags ?? [])].sort(),
    template: c.template,
    osType: osType ?? 'unmanaged',
    unprivileged,
    // Nesting is a feature flag, and feature flags of privileged containers are root@pam-only
    // (pve-container src/PVE/LXC.pm check_ct_modify_config_perm), so it defaults on for unprivileged ones only.
    nesting: c.nesting ?? (unprivileged && CONTAINER_DEFAULTS.nesting),
    keyctl: c.keyctl ?? false,
    fuse: c.fuse ?? false,
    cores: c.cores ?? CONTAINER_DEFAULTS.cores,
    memoryMiB: c.memoryMiB ?? CONTAINER_DEFAULTS.memoryMiB,
    swapMiB: c.swapMiB ?? CONTAINER_DEFAULTS.swapMiB,
    disk: { storage: c.disk.storage, sizeGiB: c.disk.sizeGiB ?? CONTAINER_DEFAULTS.diskGiB },
    mountPoints,
    nics,
    hostname: c.hostname ?? name,
    dns: c.dns ?? nics[0]?.network?.dns ?? [],
    domain: c.domain ?? nics[0]?.network?.domain,
    sshKeys: c.sshKeys ?? [],
    started: c.started ?? true,
    onBoot: c.onBoot ?? true,
  };
}
