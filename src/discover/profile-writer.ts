/**
 * Writes a discovered host as a profile skeleton (hosts only, no VMs) with the `yaml` Document API, so
 * what a human must decide is a comment beside the value: budgets, passthrough, networks without an
 * address, and the VMIDs already in use.
 */
import { Document, isMap, isScalar, Scalar, type YAMLMap } from 'yaml';
import { storageSchema } from '../schema/host';
import type { DiscoveredHost, DiscoveredPci } from './probe';

export interface SkeletonOptions {
  /** Profile name (a DNS label). */
  readonly name: string;
  /** Management address written as `hosts.<node>.address`. */
  readonly address: string;
  readonly user: string;
  readonly port: number;
  /** `$schema` path for yaml-language-server, relative to the profile. */
  readonly schemaPath: string;
}

const STORAGE_TYPES: readonly string[] = storageSchema.shape.type.options;
const CONTENT_TYPES: readonly string[] = storageSchema.shape.content.element.options;
const NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
const BRIDGE = /^[a-z][a-z0-9_.-]{0,14}$/;

/** Any text -> a lower-case DNS label (`PVE_01` -> `pve-01`). */
export function toLabel(text: string, fallback = 'host'): string {
  const label = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 63).replace(/-+$/, '');
  return label || fallback;
}

/** `gpu-0d-00-0` for `0000:0d:00.0` (the domain is kept when it is not 0000). */
export function pciName(p: DiscoveredPci): string {
  return toLabel(`${p.kind}-${p.address.replace(/^0000:/, '').replace(/[:.]/g, '-')}`);
}

export function renderSkeleton(d: DiscoveredHost, o: SkeletonOptions): string {
  const hostKey = toLabel(d.nodeName);
  const skipped: string[] = [];
  const storage = Object.fromEntries(d.storage.flatMap((s) => {
    const content = s.content.filter((c) => CONTENT_TYPES.includes(c));
    const why = !NAME.test(s.id) ? 'id is not a lower-case DNS label' : !STORAGE_TYPES.includes(s.type) ? `type ${s.type} is not supported`
      : content.length === 0 ? `no content type the profile knows (${s.content.join(',') || 'none'})`
      : s.nodes && !s.nodes.includes(d.nodeName) ? `not available on ${d.nodeName}` : undefined;
    if (why) return void skipped.push(`${s.id}: ${why}`), [];
    return [[s.id, { type: s.type, content, ...(s.shared !== (s.type === 'nfs') ? { shared: s.shared } : {}) }]];
  }));
  const bridges = Object.fromEntries(d.bridges.filter((b) => BRIDGE.test(b.name)).map((b) => [b.name, {
    ...(b.cidr ? { cidr: b.cidr } : {}), ...(b.gateway ? { gateway: b.gateway } : {}), mtu: b.mtu, ...(b.vlanAware ? { vlanAware: true } : {}),
  }]));
  const pci = Object.fromEntries(d.pci.map((p) => [pciName(p), {
    address: p.address, id: p.id, kind: p.kind, ...(p.iommuGroup !== undefined ? { iommuGroup: p.iommuGroup } : {}),
    ...(p.subsystemId !== undefined ? { subsystemId: p.subsystemId } : {}), passthrough: false,
  }]));
  const doc = new Document({
    name: o.name,
    proxmox: { sshUser: o.user },
    hosts: {
      [hostKey]: {
        address: o.address,
        ...(o.port !== 22 ? { sshPort: o.port } : {}),
        cpuThreads: d.threads,
        memoryMiB: d.memoryMiB,
        storage,
        bridges,
        ...(d.pci.length > 0 ? { pci } : {}),
      },
    },
  });
  doc.commentBefore = [
    ` yaml-language-server: $schema=${o.schemaPath}`,
    ` ${o.name}: discovered from ${o.user}@${o.address}${o.port !== 22 ? `:${o.port}` : ''} (${d.pveVersion.split(' ')[0]}) by \`homelab discover\`.`,
    ' Values are what the host reported; every "decide:" comment needs a human.',
  ].join('\n');
  keyComment(doc, ['proxmox', 'sshUser'], ' decide: add `insecure: true` while the API keeps its self-signed certificate');
  const host = ['hosts', hostKey];
  if (hostKey !== d.nodeName) keyComment(doc, [...host, 'address'], ` the Proxmox node is named "${d.nodeName}"; rename the key to match`);
  keyComment(doc, [...host, 'cpuThreads'], ' decide: add `budget: { cpuThreads, memoryMiB }` to cap what VMs may use of the host');
  keyComment(doc, [...host, 'memoryMiB'], ' MemTotal of the running kernel; the installed RAM is a little more');
  if (skipped.length > 0) keyComment(doc, [...host, 'storage'], ` not listed: ${skipped.join('; ')}`);
  for (const id of Object.keys(storage)) (doc.getIn([...host, 'storage', id]) as YAMLMap).flow = true;
  for (const b of d.bridges) {
    const node = doc.getIn([...host, 'bridges', b.name]);
    if (!isMap(node)) continue;
    node.flow = true;
    if (!b.cidr) node.comment = ' decide: no IPv4 address on the host; add cidr (and gateway) if VMs get static addresses here';
  }
  if (d.pci.length > 0) {
    keyComment(doc, [...host, 'pci'], ' decide: every device stays with the host (passthrough: false) until you remove that for a device a\n' +
      ' VM should own (a GPU with its audio function). Never pass the NIC behind the management bridge.');
    for (const p of d.pci) {
      const node = doc.getIn([...host, 'pci', pciName(p)]) as YAMLMap;
      node.flow = true;
      // Devices behind the same IOMMU group go to a VM together; other than a GPU's own functions, that is a decision.
      const foreign = p.groupPeers.filter((a) => a.replace(/\.[0-7]$/, '') !== p.address.replace(/\.[0-7]$/, ''));
      node.comment = ` ${p.description}${foreign.length ? `; decide: IOMMU group ${p.iommuGroup} also holds ${foreign.join(', ')}, which goes to the VM with it` : ''}`;
      for (const field of ['address', 'id', ...(p.subsystemId !== undefined ? ['subsystemId'] : [])]) (node.get(field, true) as Scalar).type = Scalar.QUOTE_DOUBLE;
    }
  }
  doc.comment = guestsComment(d);
  return doc.toString({ lineWidth: 0 });
}

function keyComment(doc: Document, path: string[], comment: string): void {
  const parent = doc.getIn(path.slice(0, -1));
  const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
  if (pair && isScalar(pair.key)) pair.key.commentBefore = comment;
}

function guestsComment(d: DiscoveredHost): string {
  const lines = d.guests.length > 0
    ? [' VMIDs already in use in the cluster (never reuse them for new VMs):', ...d.guests.map((g) => `   ${g.vmid} ${g.name || '(no name)'} (${g.type} on ${g.node})`)]
    : [' No VMs or containers exist in the cluster yet.'];
  return [...lines, ' decide: add `vms:` and `clusters:` (see docs/profile.md).'].join('\n');
}
