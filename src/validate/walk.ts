/**
 * Shared views of the lab for rules: every NIC, network, PCI passthrough and Talos node with its profile
 * path, plus small helpers (duplicates, CIDR of a NIC). Rules build on these instead of repeating loops.
 */
import { allVms } from '../model/resolve';
import type { Bridge, Host, Lab, Network, Nic, Passthrough, TalosCluster, TalosNode, Vm } from '../model/types';

export interface NicRef {
  readonly vm: Vm;
  readonly nic: Nic;
  /** `clusters.main.workers[1].nics[2]`. */
  readonly path: string;
  /** The bridge on the VM's host, when defined. */
  readonly bridge?: Bridge;
}

export interface NetworkRef {
  readonly host: Host;
  readonly bridge: Bridge;
  readonly vlanId?: number;
  readonly network: Network;
  /** `hosts.pve.bridges.vmbr0` or `hosts.pve.bridges.vmbr0.vlans.11`. */
  readonly path: string;
}

export interface PassthroughRef {
  readonly vm: Vm;
  readonly pci: Passthrough;
  readonly index: number;
  /** Path of the field that names the device: `vms.plex.pci[0].device` (or `.mapping`, `.address`). */
  readonly path: string;
}

export interface NodeRef {
  readonly cluster: TalosCluster;
  readonly node: TalosNode;
}

export { allVms };

export const nicPath = (vm: Vm, nic: Nic): string => `${vm.path}.nics[${nic.index}]`;

/** Every NIC of every VM and Talos node, in lab order. */
export function nicsOf(lab: Lab): NicRef[] {
  return allVms(lab).flatMap((vm) => vm.nics.map((nic) => ({ vm, nic, path: nicPath(vm, nic), bridge: vm.host.bridges.get(nic.bridge) })));
}

/** Every L3 network declared on a host: untagged bridge networks and VLANs. */
export function networksOf(lab: Lab): NetworkRef[] {
  return lab.hosts.flatMap((host) =>
    [...host.bridges.values()].flatMap((bridge) => {
      const path = `hosts.${host.key}.bridges.${bridge.name}`;
      const untagged = bridge.network ? [{ host, bridge, network: bridge.network, path }] : [];
      const tagged = [...bridge.vlans].map(([vlanId, network]) => ({ host, bridge, vlanId, network, path: `${path}.vlans.${vlanId}` }));
      return [...untagged, ...tagged];
    }),
  );
}

/** The profile field a passthrough was given by. */
function passthroughField(p: Passthrough): 'device' | 'mapping' | 'address' {
  return p.device ? 'device' : p.mapping !== undefined ? 'mapping' : 'address';
}

/** Every PCI passthrough entry of every VM, with the path of the field that names the device. */
export function passthroughsOf(lab: Lab): PassthroughRef[] {
  return allVms(lab).flatMap((vm) => vm.pci.map((pci, index) => ({ vm, pci, index, path: `${vm.path}.pci[${index}].${passthroughField(pci)}` })));
}

/** `PCI device "p4000" (0000:0d:00)`, `PCI mapping "rtx"`, `PCI address 0000:0d:00.0`. */
export function describePassthrough(p: Passthrough): string {
  if (p.device) return `PCI device "${p.device.name}" (${p.device.address})`;
  return p.mapping !== undefined ? `PCI mapping "${p.mapping}"` : `PCI address ${p.address}`;
}

/** Whether two PCI addresses name a common function (`0000:0d:00` covers `0000:0d:00.1`). */
export function pciAddressesOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** Every node of every Talos cluster, control planes first. */
export function talosNodesOf(lab: Lab): NodeRef[] {
  return lab.clusters.flatMap((cluster) => [...cluster.controlPlanes, ...cluster.workers].map((node) => ({ cluster, node })));
}

/** vCPUs of a VM: cores x sockets. */
export const vcpus = (vm: Vm): number => vm.cores * vm.sockets;

/** Path of a VM's name: the key of a stand-alone VM (`vms.plex`), the `name` field of a node. */
export const namePath = (vm: Vm): string => (vm.path.startsWith('vms.') ? vm.path : `${vm.path}.name`);

/** The network a NIC's address lives in: its bridge/VLAN network, else its own address/prefix. */
export function nicCidr(nic: Nic): string | undefined {
  if (nic.network) return nic.network.cidr;
  return nic.ip !== undefined && nic.prefix !== undefined ? `${nic.ip}/${nic.prefix}` : undefined;
}

/** Items whose key was already taken by an earlier item, each with that first item. Undefined keys are skipped. */
export function duplicates<T>(items: readonly T[], key: (item: T) => string | undefined): { item: T; first: T }[] {
  const seen = new Map<string, T>();
  const out: { item: T; first: T }[] = [];
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, item);
    else out.push({ item, first });
  }
  return out;
}

/** `a, b or c` for fix hints. */
export function oneOf(values: Iterable<string>): string {
  const all = [...values];
  return all.length <= 1 ? (all[0] ?? '(none)') : `${all.slice(0, -1).join(', ')} or ${all.at(-1)}`;
}
