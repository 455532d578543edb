/**
 * A flat view of the lab for reports (`homelab inventory`, `homelab graph`): every machine (VM, template,
 * cluster node, container) with its role, and every cluster with its members and apps. Pure, no cdktf.
 */
import type { App, GitOps, Pool } from '../model/gitops-types';
import type { Host, Lab, Nic, Passthrough, PciDevice, Vm } from '../model/types';

export type MachineRole = 'vm' | 'template' | 'control plane' | 'worker' | 'server' | 'agent' | 'container';

export interface MachineNic {
  readonly index: number;
  /** Talos link alias (`net0`) or, for a container, the interface name (`eth0`). */
  readonly alias: string;
  readonly bridge: string;
  readonly vlanId?: number;
  readonly mac: string;
  /** `10.10.0.41/24`, `dhcp`, or undefined when the NIC has no address. */
  readonly address?: string;
  /** The bare static address, when there is one. */
  readonly ip?: string;
}

export interface MachinePci {
  /** `hostpci0`. */
  readonly slot: string;
  /** The host's device, directly, through a resource mapping, or by address. */
  readonly device?: PciDevice;
  readonly mapping?: string;
  readonly address?: string;
  /** vendor:device when known. */
  readonly id?: string;
}

export interface Machine {
  readonly kind: 'vm' | 'container';
  readonly name: string;
  readonly vmId: number;
  readonly host: Host;
  readonly role: MachineRole;
  /** Cluster the machine is a node of. */
  readonly cluster?: string;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly nics: readonly MachineNic[];
  readonly pci: readonly MachinePci[];
}

export interface ClusterMember {
  readonly name: string;
  readonly role: MachineRole;
}

export interface ClusterView {
  readonly name: string;
  /** `Talos v1.13.0`, `K3s v1.33.5+k3s1`. */
  readonly distribution: string;
  readonly vip?: string;
  readonly endpoint: string;
  readonly members: readonly ClusterMember[];
  readonly layers: readonly string[];
  readonly apps: readonly App[];
  /** Load-balancer pools (MetalLB or Cilium), from the pool objects the apps carry. */
  readonly pools: readonly Pool[];
}

/** Plain code-unit order, the same in every locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `10.10.0.41/24`, `dhcp`, or undefined. */
export function nicAddress(nic: Nic): string | undefined {
  if (nic.dhcp || nic.ip === 'dhcp') return 'dhcp';
  if (!nic.ip) return undefined;
  return nic.prefix !== undefined ? `${nic.ip}/${nic.prefix}` : nic.ip;
}

function machineNic(nic: Nic & { readonly interfaceName?: string }): MachineNic {
  const address = nicAddress(nic);
  return {
    index: nic.index,
    alias: nic.interfaceName ?? nic.alias,
    bridge: nic.bridge,
    vlanId: nic.vlanId,
    mac: nic.mac,
    address,
    ip: address && address !== 'dhcp' ? nic.ip : undefined,
  };
}

/** Same function: equal addresses, or one is the other without its `.function` suffix. */
const sameDevice = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** A passthrough with the host device it reaches, found through the mapping's entry for the VM's host or the raw address. */
function machinePci(lab: Lab, host: Host, p: Passthrough): MachinePci {
  const entry = p.mapping ? lab.proxmox.mappings?.get(p.mapping)?.map.find((e) => e.host.key === host.key) : undefined;
  const address = entry?.path ?? p.address;
  const device = p.device ?? (address ? [...host.pci.values()].find((d) => sameDevice(d.address, address)) : undefined);
  return { slot: p.slot, device, mapping: p.mapping, address: device?.address ?? address, id: device?.id ?? p.id ?? entry?.id };
}

function vmMachine(lab: Lab, vm: Vm, role: MachineRole, cluster?: string): Machine {
  const pci = vm.pci.map((p) => machinePci(lab, vm.host, p));
  return { kind: 'vm', name: vm.name, vmId: vm.vmId, host: vm.host, role, cluster, cores: vm.cores, memoryMiB: vm.memoryMiB, nics: vm.nics.map(machineNic), pci };
}

/** Every machine of the lab, sorted by VMID. */
export function machines(lab: Lab): Machine[] {
  const talos = lab.clusters.flatMap((c) => [
    ...c.controlPlanes.map((n) => vmMachine(lab, n.vm, 'control plane', c.name)),
    ...c.workers.map((n) => vmMachine(lab, n.vm, 'worker', c.name)),
  ]);
  const k3s = lab.k3sClusters.flatMap((c) => [
    ...c.servers.map((n) => vmMachine(lab, n.vm, 'server', c.name)),
    ...c.agents.map((n) => vmMachine(lab, n.vm, 'agent', c.name)),
  ]);
  const containers = lab.containers.map((ct): Machine => ({
    kind: 'container', name: ct.name, vmId: ct.vmId, host: ct.host, role: 'container',
    cores: ct.cores, memoryMiB: ct.memoryMiB, nics: ct.nics.map(machineNic), pci: [],
  }));
  return [
    ...lab.vms.map((vm) => vmMachine(lab, vm, 'vm')),
    ...lab.images.map((img) => vmMachine(lab, img.template, 'template')),
    ...talos,
    ...k3s,
    ...containers,
  ].sort((a, b) => a.vmId - b.vmId || compareText(a.name, b.name));
}

/** Layers, apps and LoadBalancer pools of a cluster's GitOps side (Talos and K3s alike). */
function gitopsParts(gitops: GitOps | undefined): Pick<ClusterView, 'layers' | 'apps' | 'pools'> {
  const apps = gitops?.apps ?? [];
  return {
    layers: gitops?.layers ?? [],
    apps,
    pools: apps.flatMap((a) => a.extras.flatMap((e) => (e.type === 'metallb-pools' || e.type === 'cilium-pools' ? e.pools : []))),
  };
}

/** Every cluster (Talos, then K3s), sorted by name within each. */
export function clusters(lab: Lab): ClusterView[] {
  const talos = lab.clusters.map((c): ClusterView => ({
    name: c.name,
    distribution: `Talos ${c.talosVersion}`,
    vip: c.vip,
    endpoint: c.clusterEndpoint,
    members: [
      ...c.controlPlanes.map((n) => ({ name: n.vm.name, role: 'control plane' as const })),
      ...c.workers.map((n) => ({ name: n.vm.name, role: 'worker' as const })),
    ],
    ...gitopsParts(c.gitops),
  }));
  const k3s = lab.k3sClusters.map((c): ClusterView => ({
    name: c.name,
    distribution: `K3s ${c.k3sVersion}`,
    endpoint: c.serverUrl,
    vip: c.vip,
    members: [
      ...c.servers.map((n) => ({ name: n.vm.name, role: 'server' as const })),
      ...c.agents.map((n) => ({ name: n.vm.name, role: 'agent' as const })),
    ],
    ...gitopsParts(c.gitops),
  }));
  const byName = (a: ClusterView, b: ClusterView) => compareText(a.name, b.name);
  return [...talos.sort(byName), ...k3s.sort(byName)];
}
