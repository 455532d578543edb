/**
 * The lab's topology as one graph, for `homelab graph`: hosts run VMs and containers, whose NICs sit on
 * bridges or VLANs; host PCI devices go to the VMs that get them; clusters have nodes and apps by layer.
 * Pure data, sorted by id; the renderers (mermaid, dot, svg) only format it.
 */
import type { App } from '../model/gitops-types';
import type { Host, Lab } from '../model/types';
import { clusters, compareText, machines, type ClusterView, type Machine, type MachineNic } from '../inventory/lab-view';

export type NodeKind = 'host' | 'pci' | 'vm' | 'container' | 'nic' | 'vlan' | 'bridge' | 'cluster' | 'layer' | 'app';
/** runs: host -> machine; nic: machine -> NIC; link: NIC -> bridge/VLAN; vlan: VLAN -> bridge; pci: device -> VM; member: cluster -> node; layer: cluster -> layer; app: layer -> app. */
export type EdgeKind = 'runs' | 'nic' | 'link' | 'vlan' | 'pci' | 'member' | 'layer' | 'app';

export interface GraphNode {
  /** Unique id, e.g. `nic:talos-worker-1:2`; any characters (renderers map it with `safeIds`). */
  readonly id: string;
  readonly kind: NodeKind;
  /** First line is the name, the others details; plain text, escaped by each renderer. */
  readonly lines: readonly string[];
  /** Id of the group (subgraph) the node is drawn in. */
  readonly group: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface GraphGroup {
  readonly id: string;
  readonly kind: 'host' | 'cluster';
  readonly label: string;
}

export interface LabGraph {
  readonly name: string;
  readonly groups: readonly GraphGroup[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Fill colour per node kind, shared by the renderers. */
export const KIND_COLOURS: Readonly<Record<NodeKind, string>> = {
  host: '#d9e8fb', pci: '#fde2c8', vm: '#dff3e3', container: '#e8f6d4', nic: '#f4f4f4',
  vlan: '#efe3f7', bridge: '#e6ddf5', cluster: '#fbe3e8', layer: '#fff4cc', app: '#fffbe6',
};

/** Node ids, so tests and callers can find a node without restating the scheme. */
export const graphIds = {
  host: (host: string) => `host:${host}`,
  pci: (host: string, device: string) => `pci:${host}:${device}`,
  machine: (m: Pick<Machine, 'kind' | 'name'>) => `${m.kind === 'container' ? 'ct' : 'vm'}:${m.name}`,
  nic: (machine: string, index: number) => `nic:${machine}:${index}`,
  bridge: (host: string, bridge: string) => `bridge:${host}:${bridge}`,
  vlan: (host: string, bridge: string, vlan: number) => `vlan:${host}:${bridge}:${vlan}`,
  cluster: (cluster: string) => `cluster:${cluster}`,
  /** `index` is the layer's 0-based position, so layers sort in deployment order. */
  layer: (cluster: string, index: number, layer: string) => `layer:${cluster}:${String(index + 1).padStart(2, '0')}:${layer}`,
  app: (cluster: string, app: string) => `app:${cluster}:${app}`,
  hostGroup: (host: string) => `group:host:${host}`,
  clusterGroup: (cluster: string) => `group:cluster:${cluster}`,
};

/** `net1 10.40.0.41/24`: the label of a NIC's edge to its bridge or VLAN. */
export const nicLabel = (nic: MachineNic): string => [nic.alias, nic.address].filter(Boolean).join(' ');

/** Builds the graph of a lab. Deterministic: nodes, groups and edges sorted. */
export function buildGraph(lab: Lab): LabGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (node: GraphNode) => nodes.set(node.id, node);
  for (const host of lab.hosts) addHost(host, add, edges);
  for (const m of machines(lab)) addMachine(m, add, edges);
  const views = clusters(lab);
  for (const c of views) addCluster(c, add, edges);
  return {
    name: lab.name,
    groups: [
      ...lab.hosts.map((h): GraphGroup => ({ id: graphIds.hostGroup(h.key), kind: 'host', label: `host ${h.key}` })),
      ...views.map((c): GraphGroup => ({ id: graphIds.clusterGroup(c.name), kind: 'cluster', label: `cluster ${c.name}` })),
    ].sort((a, b) => compareText(a.id, b.id)),
    nodes: [...nodes.values()].sort((a, b) => compareText(a.id, b.id)),
    edges: [...new Map(edges.map((e) => [JSON.stringify([e.from, e.to, e.kind, e.label]), e])).values()]
      .filter((e) => nodes.has(e.from) && nodes.has(e.to))
      .sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.label ?? '', b.label ?? '')),
  };
}

type Add = (node: GraphNode) => void;

function addHost(host: Host, add: Add, edges: GraphEdge[]): void {
  const group = graphIds.hostGroup(host.key);
  const nodeName = host.nodeName !== host.key ? ` (node ${host.nodeName})` : '';
  add({ id: graphIds.host(host.key), kind: 'host', group, lines: [`${host.key}${nodeName}`, host.address, `${host.cpuThreads} threads · ${host.memoryMiB} MiB`] });
  for (const bridge of host.bridges.values()) {
    const id = graphIds.bridge(host.key, bridge.name);
    add({ id, kind: 'bridge', group, lines: [bridge.name, [bridge.network?.cidr, `MTU ${bridge.mtu}`].filter(Boolean).join(' · ')] });
    for (const [vlan, network] of bridge.vlans) {
      const vlanId = graphIds.vlan(host.key, bridge.name, vlan);
      add({ id: vlanId, kind: 'vlan', group, lines: [`${bridge.name}.${vlan}`, `VLAN ${vlan} · ${network.cidr}`] });
      edges.push({ from: vlanId, to: id, kind: 'vlan' });
    }
  }
  for (const dev of host.pci.values()) {
    add({ id: graphIds.pci(host.key, dev.name), kind: 'pci', group, lines: [dev.name, `${dev.address} · ${dev.id}`, dev.kind] });
  }
}

function addMachine(m: Machine, add: Add, edges: GraphEdge[]): void {
  const group = graphIds.hostGroup(m.host.key);
  const id = graphIds.machine(m);
  const kindLine = m.kind === 'container' ? `CT ${m.vmId}` : `VMID ${m.vmId}`;
  const role = m.role === 'vm' || m.role === 'container' ? [] : [m.role];
  add({ id, kind: m.kind, group, lines: [m.name, [kindLine, ...role].join(' · '), `${m.cores} cores · ${m.memoryMiB} MiB`] });
  edges.push({ from: graphIds.host(m.host.key), to: id, kind: 'runs' });
  for (const nic of m.nics) {
    const nicId = graphIds.nic(m.name, nic.index);
    add({ id: nicId, kind: 'nic', group, lines: [`${m.name} ${nic.alias}`, nic.mac] });
    edges.push({ from: id, to: nicId, kind: 'nic' });
    const target = nic.vlanId !== undefined ? vlanTarget(m.host, nic, add, edges) : graphIds.bridge(m.host.key, nic.bridge);
    edges.push({ from: nicId, to: target, kind: 'link', label: nicLabel(nic) });
  }
  for (const p of m.pci) {
    const name = p.device?.name ?? (p.mapping ? `mapping ${p.mapping}` : p.address ?? p.slot);
    const pciId = graphIds.pci(m.host.key, name);
    if (!p.device) add({ id: pciId, kind: 'pci', group, lines: [name, [p.address, p.id].filter(Boolean).join(' · ') || 'not described on the host'] });
    edges.push({ from: pciId, to: id, kind: 'pci', label: p.mapping ? `${p.slot} (mapping ${p.mapping})` : p.slot });
  }
}

/** The VLAN node of a tagged NIC; added when the bridge does not declare that VLAN (duplicate edges are merged later). */
function vlanTarget(host: Host, nic: MachineNic, add: Add, edges: GraphEdge[]): string {
  const vlan = nic.vlanId!;
  const id = graphIds.vlan(host.key, nic.bridge, vlan);
  if (!host.bridges.get(nic.bridge)?.vlans.has(vlan)) {
    add({ id, kind: 'vlan', group: graphIds.hostGroup(host.key), lines: [`${nic.bridge}.${vlan}`, `VLAN ${vlan}`] });
    edges.push({ from: id, to: graphIds.bridge(host.key, nic.bridge), kind: 'vlan' });
  }
  return id;
}

function addCluster(c: ClusterView, add: Add, edges: GraphEdge[]): void {
  const group = graphIds.clusterGroup(c.name);
  const id = graphIds.cluster(c.name);
  add({ id, kind: 'cluster', group, lines: [c.name, c.distribution, c.vip ? `VIP ${c.vip}` : c.endpoint] });
  for (const member of c.members) edges.push({ from: id, to: graphIds.machine({ kind: 'vm', name: member.name }), kind: 'member', label: member.role });
  const layers = [...new Set([...c.layers, ...c.apps.map((a) => a.layer)])];
  const layerIds = new Map(layers.map((layer, index) => [layer, graphIds.layer(c.name, index, layer)]));
  layers.forEach((layer, index) => {
    add({ id: layerIds.get(layer)!, kind: 'layer', group, lines: [layer, `layer ${index + 1}`] });
    edges.push({ from: id, to: layerIds.get(layer)!, kind: 'layer' });
  });
  for (const app of c.apps) {
    const appId = graphIds.app(c.name, app.name);
    add({ id: appId, kind: 'app', group, lines: appLines(app) });
    edges.push({ from: layerIds.get(app.layer)!, to: appId, kind: 'app' });
  }
}

function appLines(app: App): string[] {
  return [app.name, ...(app.namespace !== app.name ? [`ns ${app.namespace}`] : []), ...(app.loadBalancer ? [`LB ${app.loadBalancer.address}`] : [])];
}

/**
 * Ids safe for mermaid and dot (`[A-Za-z][A-Za-z0-9_]*`), one per graph id: other characters become `_`;
 * a clash gets `_2`, `_3`, ... in id order, so the mapping is deterministic.
 */
export function safeIds(graph: LabGraph): (id: string) => string {
  const ids = [...graph.groups.map((g) => g.id), ...graph.nodes.map((n) => n.id)].sort(compareText);
  const map = new Map<string, string>();
  const used = new Set<string>();
  for (const id of ids) {
    const base = `${/^[A-Za-z]/.test(id) ? '' : 'n_'}${id.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '')}`;
    let safe = base;
    for (let i = 2; used.has(safe); i++) safe = `${base}_${i}`;
    used.add(safe);
    map.set(id, safe);
  }
  return (id) => map.get(id) ?? `missing_${id.replace(/[^A-Za-z0-9]+/g, '_')}`;
}
