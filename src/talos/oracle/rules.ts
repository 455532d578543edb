/**
 * The `Validate()` rules Talos runs on a merged machine configuration, ported for the documents and fields
 * homelab emits or users commonly patch. Each check names the Go source it mirrors (siderolabs/talos, tag
 * v1.13.0 unless stated; the same rules hold from v1.12.0 for the network documents). Pure data in, problems out.
 */
import { isIP } from 'node:net';
import type { TalosDocument } from '../network-documents';
import { contractOf } from './contract';
import { knownKinds } from './kinds';
import { documentId } from './merge';
import { checkUserVolume } from './volumes';

/** The rule families; each is one `homelab validate` rule (see src/validate/rules/talos-config.ts). */
export type OracleRule = 'link' | 'hostname' | 'conflict' | 'vip' | 'documents' | 'machine' | 'volume';

export interface OracleProblem {
  readonly rule: OracleRule;
  /** Document the problem is in, e.g. `v1alpha1/LinkConfig/net0` or `v1alpha1` (machine/cluster). */
  readonly document: string;
  readonly message: string;
  readonly fix: string;
}

type Doc = Record<string, any>;
const isUnspecified = (ip: string) => /^0+(\.0+){3}$/.test(ip) || /^[0:]+$/.test(ip);

/** `netip.ParsePrefix` + the unspecified check of CommonLinkConfig.Validate. */
function prefixProblem(value: unknown): 'invalid' | 'unspecified' | undefined {
  const m = typeof value === 'string' ? /^(.+)\/(\d{1,3})$/.exec(value) : null;
  if (!m || !isIP(m[1]!)) return 'invalid';
  if (Number(m[2]) > (isIP(m[1]!) === 4 ? 32 : 128)) return 'invalid';
  return isUnspecified(m[1]!) ? 'unspecified' : undefined;
}
const addrProblem = (value: unknown) => (typeof value !== 'string' || !isIP(value) ? 'invalid' : isUnspecified(value) ? 'unspecified' : undefined);

const LINK_KINDS = ['LinkConfig', 'VLANConfig', 'BondConfig', 'BridgeConfig', 'DummyLinkConfig', 'VRFConfig', 'WireguardConfig'];

/** network/link.go `CommonLinkConfig.Validate` (+ vlan.go for VLANConfig); errors worded as Talos words them. */
function checkLink(doc: Doc, id: string, out: OracleProblem[]): void {
  const add = (message: string, fix: string) => out.push({ rule: 'link', document: id, message, fix });
  if (!doc.name) add('name must be specified', 'give the document the link name or alias it configures');
  (Array.isArray(doc.addresses) ? doc.addresses : []).forEach((a: Doc, i: number) => {
    const p = prefixProblem(a?.address);
    if (p) add(`address ${i} must be a valid IP ${p === 'invalid' ? 'prefix' : 'address'} (got ${JSON.stringify(a?.address)})`, 'write the address with its prefix, e.g. 10.0.0.5/24');
  });
  (Array.isArray(doc.routes) ? doc.routes : []).forEach((r: Doc, i: number) => {
    if (r?.destination !== undefined && prefixProblem(r.destination)) {
      add(`route ${i} destination must be a valid IP prefix (got ${JSON.stringify(r.destination)}; an unspecified address such as 0.0.0.0/0 is refused)`,
        'for a default route leave out `destination` and set only `gateway`');
    }
    if (r?.gateway !== undefined && addrProblem(r.gateway)) add(`route ${i} gateway must be a valid IP address (got ${JSON.stringify(r.gateway)})`, 'set the router address of the link');
    if (r?.source !== undefined && addrProblem(r.source)) add(`route ${i} source must be a valid IP address (got ${JSON.stringify(r.source)})`, 'use an address of this node');
  });
  if (doc.kind === 'VLANConfig') {
    if (!(Number.isInteger(doc.vlanID) && doc.vlanID >= 1 && doc.vlanID <= 4094)) add('vlanID must be specified and between 1 and 4094', 'set vlanID');
    if (!doc.parent) add('parent must be specified', 'name the parent link (an alias such as net0)');
  }
}

/** network/hostname.go `HostnameConfigV1Alpha1.Validate`. */
function checkHostname(doc: Doc, id: string, out: OracleProblem[]): void {
  const add = (message: string, fix: string) => out.push({ rule: 'hostname', document: id, message, fix });
  const auto = doc.auto ?? 'off';
  if (auto === 'off' && !doc.hostname) add("either 'auto' or 'hostname' must be set", 'set hostname (with auto: off) or auto: stable');
  if (auto !== 'off' && doc.hostname) {
    add(`'auto' and 'hostname' cannot be set at the same time (auto: ${auto}, hostname: ${doc.hostname}; the generator already sets auto: stable)`,
      'add `auto: off` next to `hostname`');
  }
  if (auto !== 'off' && auto !== 'stable') add(`invalid value for 'auto': ${auto}`, 'use off or stable');
  if (typeof doc.hostname === 'string' && doc.hostname) {
    const short = doc.hostname.split('.')[0]!;
    if (doc.hostname.length > 253 || short.length === 0 || short.length > 63) add(`invalid hostname "${doc.hostname}"`, 'use a DNS label of 1-63 characters');
  }
}

/** `V1Alpha1ConflictValidate` of hostname.go, resolver.go, kubespan.go; plus legacy interfaces next to link documents. */
function checkConflicts(docs: readonly Doc[], v1: Doc | undefined, out: OracleProblem[]): void {
  const net = v1?.machine?.network ?? {};
  const add = (document: string, message: string, fix: string) => out.push({ rule: 'conflict', document, message, fix });
  for (const doc of docs) {
    const id = documentId(doc);
    if (doc.kind === 'HostnameConfig') {
      if (net.hostname) add(id, `static hostname is already set in v1alpha1 config (machine.network.hostname: ${net.hostname})`, 'remove machine.network.hostname; the HostnameConfig document sets the hostname');
      else if (v1?.machine?.features?.stableHostname === true) add(id, 'stable hostname is already set in v1alpha1 config (machine.features.stableHostname)', 'remove machine.features.stableHostname');
    }
    if (doc.kind === 'ResolverConfig') {
      for (const key of ['searchDomains', 'nameservers', 'disableSearchDomain'] as const) {
        if (net[key] !== undefined && net[key] !== false) add(id, `.machine.network.${key} is already set in v1alpha1 config`, `remove machine.network.${key}; use the ResolverConfig document`);
      }
    }
    if (doc.kind === 'KubeSpanConfig' && net.kubespan !== undefined) add(id, 'kubespan is already configured in v1alpha1 machine.network.kubespan', 'remove machine.network.kubespan');
  }
  const links = docs.filter((d) => LINK_KINDS.includes(d.kind) || d.kind === 'LinkAliasConfig');
  if (Array.isArray(net.interfaces) && net.interfaces.length > 0 && links.length > 0) {
    add('v1alpha1', `machine.network.interfaces is set next to ${links.length} link document(s) (${documentId(links[0]!)}, …): both would configure the same links`,
      'move the interface settings to LinkConfig/VLANConfig documents (Talos >= 1.12) and remove machine.network.interfaces');
  }
}

/** layer2_vip.go `Validate`; v1alpha1_validation.go (VIP only on control planes, VIP must parse). */
function checkVips(docs: readonly Doc[], v1: Doc | undefined, out: OracleProblem[]): void {
  const add = (document: string, message: string, fix: string) => out.push({ rule: 'vip', document, message, fix });
  for (const doc of docs.filter((d) => d.kind === 'Layer2VIPConfig')) {
    const id = documentId(doc);
    if (!doc.name) add(id, 'name must be specified', 'set name to the VIP address');
    else if (!isIP(String(doc.name))) add(id, `name must be a valid IP address (got "${doc.name}")`, 'set name to the shared address, e.g. 10.0.0.10');
    if (!doc.link) add(id, 'link must be specified', 'name the link (alias) that carries the VIP, e.g. net0');
  }
  const worker = v1?.machine?.type === 'worker';
  for (const dev of Array.isArray(v1?.machine?.network?.interfaces) ? v1!.machine.network.interfaces : []) {
    const vips = [dev?.vip, ...(Array.isArray(dev?.vlans) ? dev.vlans.map((v: Doc) => v?.vip) : [])].filter((v) => v !== undefined);
    for (const vip of vips) {
      if (!isIP(String(vip?.ip))) add('v1alpha1', `failed to parse "${vip?.ip}" as IP address (networking.os.device.vip)`, 'set vip.ip to the shared address');
      if (worker) add('v1alpha1', 'virtual (shared) IP is not allowed on non-controlplane nodes', 'set the VIP on control planes only');
    }
  }
}

/** container.go `New`: duplicate and conflicting documents; configloader: kinds the version decodes. */
function checkDocuments(docs: readonly Doc[], talosVersion: string, out: OracleProblem[]): void {
  const add = (document: string, message: string, fix: string) => out.push({ rule: 'documents', document, message, fix });
  const kinds = knownKinds(contractOf(talosVersion).minor);
  const byName = new Map<string, string>();
  for (const doc of docs) {
    if (doc.kind === undefined) continue;
    const id = documentId(doc);
    if (!kinds.has(doc.kind)) add(id, `Talos ${talosVersion} does not know the document kind ${doc.kind}`, 'remove the document or target a Talos version that has it');
    if (LINK_KINDS.includes(doc.kind) && doc.name) {
      const other = byName.get(String(doc.name));
      if (other) add(id, `conflicting documents: ${other} and ${id}`, 'configure each link with one document kind');
      else byName.set(String(doc.name), id);
    }
  }
}

/** v1alpha1_validation.go `Config.Validate` (the parts our fields and common patches touch). */
function checkMachine(v1: Doc | undefined, out: OracleProblem[]): void {
  const add = (message: string, fix: string) => out.push({ rule: 'machine', document: 'v1alpha1', message, fix });
  if (!v1) {
    add('v1alpha1.Config is not present in the container', 'keep the machine/cluster document');
    return;
  }
  const m = v1.machine ?? {};
  const install = m.install ?? {};
  if (!install.disk && !install.diskSelector) add('either install disk or diskSelector should be defined', 'set machine.install.disk');
  const cni = v1.cluster?.network?.cni;
  if (cni?.name !== undefined) {
    if (!['flannel', 'custom', 'none'].includes(cni.name)) add(`cni name should be one of ["flannel", "custom", "none"] (got "${cni.name}")`, 'use flannel, custom or none');
    else if (cni.name !== 'custom' && Array.isArray(cni.urls) && cni.urls.length) add(`"urls" field should be empty for "${cni.name}" CNI`, 'remove cluster.network.cni.urls');
  }
  if (m.type === 'worker' && v1.cluster?.etcd !== undefined) add('etcd config is only allowed on control plane machines', 'move cluster.etcd into a controlPlane patch');
  const endpoint = v1.cluster?.controlPlane?.endpoint;
  if (typeof endpoint === 'string' && !/^https:\/\/[^/\s]+(:\d+)?\/?$/.test(endpoint)) add(`invalid controlplane endpoint: ${endpoint}`, 'use https://<address>:6443');
  // Legacy network (v1alpha1_validation.go CheckDeviceAddressing / CheckDeviceRoutes).
  for (const dev of Array.isArray(m.network?.interfaces) ? m.network.interfaces : []) {
    const name = dev?.interface ?? JSON.stringify(dev?.deviceSelector ?? {});
    for (const a of Array.isArray(dev?.addresses) ? dev.addresses : []) {
      if (!isIP(String(a)) && prefixProblem(a) === 'invalid') add(`[networking.os.device.addresses] "${name}": failed to parse IP address "${a}"`, 'write the address as 10.0.0.5/24');
    }
    (Array.isArray(dev?.routes) ? dev.routes : []).forEach((r: Doc, i: number) => {
      if (r?.network && prefixProblem(r.network) === 'invalid') add(`[networking.os.device.route[${i}].network] "${r.network}": invalid network address`, 'use a CIDR such as 0.0.0.0/0');
      if (r?.gateway && !isIP(String(r.gateway))) add(`[networking.os.device.route[${i}].gateway] "${r.gateway}": invalid network address`, 'use the router address');
      if (!r?.gateway && !r?.network) add(`[networking.os.device.route[${i}]]: either network or gateway should be set`, 'set gateway (and network for a non-default route)');
    });
  }
}

/** Every rule on a merged configuration (the documents after all patches). */
export function validateDocuments(docs: readonly TalosDocument[], talosVersion: string): OracleProblem[] {
  const out: OracleProblem[] = [];
  const all = docs as readonly Doc[];
  const v1 = all.find((d) => d.kind === undefined);
  checkDocuments(all, talosVersion, out);
  checkMachine(v1, out);
  for (const doc of all) {
    if (LINK_KINDS.includes(doc.kind)) checkLink(doc, documentId(doc), out);
    if (doc.kind === 'HostnameConfig') checkHostname(doc, documentId(doc), out);
    if (doc.kind === 'UserVolumeConfig') checkUserVolume(doc, documentId(doc), out);
    if (doc.kind === 'LinkAliasConfig' && (!doc.name || !doc.selector?.match)) {
      out.push({ rule: 'link', document: documentId(doc), message: !doc.name ? 'name must be specified' : 'link selector is required', fix: 'give the alias a name and a selector.match expression' });
    }
    if (doc.kind === 'DHCPv4Config' && !doc.name) out.push({ rule: 'link', document: documentId(doc), message: 'name must be specified', fix: 'name the link that runs DHCP' });
  }
  checkConflicts(all, v1, out);
  checkVips(all, v1, out);
  return out;
}
