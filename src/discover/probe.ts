/**
 * Reads what a profile skeleton needs from a Proxmox node: bridges with their networks and the default
 * gateway, storage, threads, memory, the PCI devices worth passing through (GPUs with their audio
 * functions, HBAs, NICs) with IOMMU groups, and the guests of the cluster.
 */
import { intToIp, parseCidr } from '../model/net';
import type { Guest, HostFacts, HostStorage } from '../ssh/host-facts';

export type DiscoveredPciKind = 'gpu' | 'audio' | 'hba' | 'nic';

export interface DiscoveredBridge {
  readonly name: string;
  readonly mtu: number;
  readonly vlanAware: boolean;
  /** Network of the bridge's first IPv4 address. */
  readonly cidr?: string;
  /** The host's address on the bridge. */
  readonly hostAddress?: string;
  /** Default gateway, when the default route leaves through this bridge. */
  readonly gateway?: string;
}

export interface DiscoveredPci {
  readonly address: string;
  readonly id: string;
  readonly kind: DiscoveredPciKind;
  readonly description: string;
  readonly iommuGroup?: number;
  /** Subsystem vendor:device from sysfs (a resource mapping needs it). */
  readonly subsystemId?: string;
  /** Other functions in the same IOMMU group (passthrough takes the whole group). */
  readonly groupPeers: readonly string[];
}

export interface DiscoveredHost {
  readonly pveVersion: string;
  readonly nodeName: string;
  readonly threads: number;
  /** MemTotal (a little below the installed RAM). */
  readonly memoryMiB: number;
  readonly bridges: readonly DiscoveredBridge[];
  readonly storage: readonly HostStorage[];
  readonly pci: readonly DiscoveredPci[];
  readonly guests: readonly Guest[];
  /** Interface of the default route. */
  readonly defaultDev?: string;
}

/** PCI class codes discover lists, by kind (`lspci -nn` prints them as `[0300]`). */
export const PCI_CLASSES: Readonly<Record<string, DiscoveredPciKind>> = {
  '0300': 'gpu', '0302': 'gpu', '0104': 'hba', '0106': 'hba', '0107': 'hba', '0200': 'nic',
};
const AUDIO_CLASS = '0403';

export async function probeHost(facts: HostFacts): Promise<DiscoveredHost> {
  // One command after another: sshd allows a limited number of sessions per connection.
  const pveVersion = await facts.pveVersion();
  const nodeName = await facts.nodeName();
  const threads = await facts.threads();
  const memory = await facts.memory();
  const links = await facts.bridges();
  const addresses = await facts.ipv4Addresses();
  const route = await facts.defaultRoute();
  const storage = await facts.storage();
  const functions = await facts.pciFunctions();
  const groups = await facts.iommuGroups();
  const subsystems = await facts.subsystemIds();
  const guests = await facts.guests();

  const bridges = links.map((l): DiscoveredBridge => {
    const a = addresses.get(l.name)?.[0];
    const cidr = a ? `${intToIp(parseCidr(`${a.ip}/${a.prefix}`).network)}/${a.prefix}` : undefined;
    return { name: l.name, mtu: l.mtu, vlanAware: l.vlanFiltering, cidr, hostAddress: a?.ip, gateway: route?.dev === l.name ? route.gateway : undefined };
  });
  const slot = (address: string) => address.replace(/\.[0-7]$/, '');
  const gpuSlots = new Set(functions.filter((f) => PCI_CLASSES[f.classCode] === 'gpu').map((f) => slot(f.address)));
  const pci = functions.flatMap((f): DiscoveredPci[] => {
    const kind = PCI_CLASSES[f.classCode] ?? (f.classCode === AUDIO_CLASS && gpuSlots.has(slot(f.address)) ? 'audio' : undefined);
    const group = groups.get(f.address);
    const groupPeers = group === undefined ? [] : [...groups].filter(([a, g]) => g === group && a !== f.address).map(([a]) => a).sort();
    return kind ? [{ address: f.address, id: f.id, kind, description: f.description, iommuGroup: group, subsystemId: subsystems.get(f.address), groupPeers }] : [];
  });
  return {
    pveVersion, nodeName, threads, memoryMiB: memory.totalMiB, bridges, storage, pci, guests, defaultDev: route?.dev,
  };
}
