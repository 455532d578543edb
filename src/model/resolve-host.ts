/** Resolves `hosts.<key>` of a profile into a Host. */
import { PROXMOX_DEFAULTS, VM_DEFAULTS } from '../defaults';
import type { BridgeInput, HostInput } from '../schema/host';
import type { Bridge, Host, Network, PciDevice, Storage } from './types';

function network(input: { cidr: string; gateway?: string; dns?: string[]; domain?: string }): Network {
  return {
    cidr: input.cidr,
    gateway: input.gateway,
    dns: input.dns ?? (input.gateway ? [input.gateway] : []),
    domain: input.domain,
  };
}

function resolveBridge(name: string, b: BridgeInput): Bridge {
  const vlans = new Map<number, Network>();
  for (const id of Object.keys(b.vlans ?? {}).sort((x, y) => Number(x) - Number(y))) vlans.set(Number(id), network(b.vlans![id]!));
  return {
    name,
    mtu: b.mtu ?? VM_DEFAULTS.mtu,
    vlanAware: b.vlanAware ?? vlans.size > 0,
    network: b.cidr ? network({ cidr: b.cidr, gateway: b.gateway, dns: b.dns, domain: b.domain }) : undefined,
    vlans,
  };
}

/** Adds the `0000:` PCI domain when it was left out. */
export function fullPciAddress(address: string): string {
  return /^[0-9a-fA-F]{4}:/.test(address) ? address.toLowerCase() : `0000:${address.toLowerCase()}`;
}

/** Storage types that are shared by the nodes of a Proxmox cluster unless the profile says otherwise. */
const SHARED_TYPES = ['nfs', 'cifs', 'pbs', 'cephfs', 'rbd'];

export function resolveHost(key: string, h: HostInput): Host {
  const sorted = <T>(rec: Record<string, T> | undefined) => Object.entries(rec ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return {
    key,
    nodeName: h.nodeName ?? key,
    address: h.address,
    sshPort: h.sshPort ?? PROXMOX_DEFAULTS.sshPort,
    endpoint: h.endpoint ?? `https://${h.address}:${PROXMOX_DEFAULTS.apiPort}/`,
    cpuThreads: h.cpuThreads,
    memoryMiB: h.memoryMiB,
    budget: h.budget,
    bridges: new Map(sorted(h.bridges).map(([n, b]) => [n, resolveBridge(n, b)])),
    storage: new Map<string, Storage>(
      sorted(h.storage).map(([id, s]) => [id, { id, type: s.type, content: s.content, shared: s.shared ?? SHARED_TYPES.includes(s.type) }]),
    ),
    pci: new Map<string, PciDevice>(
      sorted(h.pci).map(([n, p]) => [
        n,
        {
          name: n,
          address: fullPciAddress(p.address),
          id: p.id.toLowerCase(),
          kind: p.kind ?? 'other',
          iommuGroup: p.iommuGroup,
          subsystemId: p.subsystemId,
          passthrough: p.passthrough ?? true,
        },
      ]),
    ),
  };
}
