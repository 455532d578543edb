/**
 * Builds a lab's constructs from a profile (each entry through the props an author writes) or from a resolved
 * lab (each entity as it was resolved), in resolveLab's order, under stable ids (`vm-<name>`, `cluster-<name>`, ...).
 */
import type { Construct } from 'constructs';
import type { Lab } from '../../model/types';
import type { ProfileInput } from '../../schema/profile';
import type { TalosClusterInput } from '../../schema/cluster';
import type { K3sClusterInput } from '../../schema/k3s';
import { K3sCluster } from '../k3s/k3s-cluster';
import { GoldenImage } from '../proxmox/golden-image';
import { Host } from '../proxmox/host';
import { LxcContainer } from '../proxmox/lxc-container';
import { PciMapping } from '../proxmox/pci-mapping';
import { ProxmoxVm } from '../proxmox/proxmox-vm';
import { TalosCluster } from '../talos/talos-cluster';
import { resolvedProps } from './props';

const byKey = <T>(rec: Record<string, T> | undefined) => Object.entries(rec ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** Ids of the entity constructs a stack builds (they are part of the Terraform JSON's metadata: keep them). */
export const entityId = {
  host: (name: string) => `host-${name}`,
  mapping: (name: string) => `mapping-${name}`,
  image: (name: string) => `image-${name}`,
  vm: (name: string) => `vm-${name}`,
  container: (name: string) => `ct-${name}`,
  talos: (name: string) => `cluster-${name}`,
  k3s: (name: string) => `k3s-${name}`,
};

/** Every entry of a validated profile becomes the construct an author would write, with the entry as its props. */
export function addProfileConstructs(scope: Construct, profile: ProfileInput): void {
  for (const [name, h] of byKey(profile.hosts)) new Host(scope, entityId.host(name), { ...h, name });
  for (const [name, m] of byKey(profile.proxmox?.mappings)) new PciMapping(scope, entityId.mapping(name), { ...m, name });
  for (const [name, i] of byKey(profile.images)) new GoldenImage(scope, entityId.image(name), { ...i, name });
  for (const [name, v] of byKey(profile.vms)) new ProxmoxVm(scope, entityId.vm(name), { ...v, name });
  for (const [name, c] of byKey(profile.containers)) new LxcContainer(scope, entityId.container(name), { ...c, name });
  const clusters = byKey(profile.clusters);
  for (const [name, c] of clusters) {
    if (c.type !== 'k3s') new TalosCluster(scope, entityId.talos(name), { ...(c as TalosClusterInput), type: undefined, name });
  }
  for (const [name, c] of clusters) {
    if (c.type === 'k3s') new K3sCluster(scope, entityId.k3s(name), { ...(c as K3sClusterInput), name });
  }
}

/** Every entity of a resolved lab (or a part of one) becomes its construct, rendering the entity as resolved. */
export function addLabConstructs(scope: Construct, lab: Lab): void {
  for (const h of lab.hosts) new Host(scope, entityId.host(h.key), resolvedProps(h));
  for (const m of lab.proxmox.mappings.values()) new PciMapping(scope, entityId.mapping(m.name), resolvedProps(m));
  for (const i of lab.images) new GoldenImage(scope, entityId.image(i.name), resolvedProps(i));
  for (const vm of lab.vms) new ProxmoxVm(scope, entityId.vm(vm.name), resolvedProps(vm, {}, true));
  for (const c of lab.containers) new LxcContainer(scope, entityId.container(c.name), resolvedProps(c));
  for (const c of lab.clusters) new TalosCluster(scope, entityId.talos(c.name), resolvedProps(c));
  for (const c of lab.k3sClusters) new K3sCluster(scope, entityId.k3s(c.name), resolvedProps(c));
}
