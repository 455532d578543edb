/**
 * Talos changes that reboot or reset nodes, which replacement.json cannot see because they happen inside
 * the machine configuration (applied in place by talos_machine_configuration_apply). Kept deliberately
 * simple:
 * - `data.talos_machine_configuration.<node>`: a changed `machine.install.disk` / `machine.install.image` in
 *   its `config_patches` (or an install image that refers to a resource getting a new id, e.g. a changed
 *   image-factory schematic), or a changed `talos_version` -> UPGRADE in place with `homelab upgrade` (medium);
 *   the VM itself is not replaced: its boot disk ignores image changes (lifecycle.ignore_changes);
 *   a changed `cluster_endpoint` or `machine_secrets` -> cluster reset risk (high).
 * - `talos_machine_secrets` changed, replaced or destroyed -> cluster reset risk (high): new secrets mean a
 *   new CA and tokens, which the running nodes do not trust.
 */
import { patchDocuments } from './patch-documents';
import { compareVersions, type Flag, SEVERITY } from './replacement';
import { usesNetworkDocuments } from '../talos/network-documents';
import type { AttributeChange } from './values';

/** One object as the comparer sees it (cleaned bodies, before its values are masked). */
export interface RawObject {
  readonly address: string;
  readonly kind: string;
  readonly type?: string;
  readonly name: string;
  readonly action: 'create' | 'update' | 'replace' | 'delete';
  readonly before?: unknown;
  readonly after?: unknown;
  readonly changes: readonly AttributeChange[];
}

const flag = (kind: 'cluster-reset' | 'upgrade' | 'fails', address: string, paths: string[], message: string): Flag => ({
  kind, severity: SEVERITY[kind], address, paths, message,
});

/** Talos flags of one object; `renewed` holds the addresses that get a new id in this diff. */
export function talosFlags(o: RawObject, renewed: ReadonlySet<string>): Flag[] {
  if (o.kind === 'resource' && o.type === 'talos_machine_secrets' && o.action === 'update' && raisesVersionOnly(o)) {
    // talos_version raised: updated in place, secrets kept (replacement.json: replaced only when lowered,
    // terraform-provider-talos v0.11.0 talos_machine_secrets_resource.go:540).
    return [];
  }
  if (o.kind === 'resource' && o.type === 'talos_machine_secrets' && o.action !== 'create') {
    const how = o.action === 'update' ? 'changes in place; check the cluster keeps its secrets' : 'is recreated: new CA and tokens; every node must be reset and the cluster bootstrapped again';
    return [flag('cluster-reset', o.address, o.changes.map((c) => c.path), `cluster secrets ${how}`)];
  }
  if (o.kind !== 'data' || o.type !== 'talos_machine_configuration' || o.action !== 'update') return [];
  const out: Flag[] = [];
  const changed = (p: string) => o.changes.filter((c) => c.path === p || c.path.startsWith(`${p}[`) || c.path.startsWith(`${p}.`)).map((c) => c.path);
  for (const attr of ['cluster_endpoint', 'machine_secrets']) {
    const paths = changed(attr);
    if (paths.length) out.push(flag('cluster-reset', o.address, paths, `${attr} changed for node ${o.name}: its certificates/endpoint no longer match the running cluster (reset risk)`));
  }
  // The boot disk ignores image changes (lifecycle.ignore_changes): a new version or schematic reaches a running
  // node only through machine.install.image, which `homelab upgrade` rolls out with talosctl upgrade.
  const run = `in place, run: homelab upgrade --cluster ${clusterOf(o)}`;
  const version = changed('talos_version');
  const [va, vb] = [(o.before as { talos_version?: string } | undefined)?.talos_version, (o.after as { talos_version?: string } | undefined)?.talos_version];
  if (version.length) out.push(flag('upgrade', o.address, version, `(${run}) talos_version ${va} -> ${vb} for node ${o.name}`));
  // The 1.12 contract moves the network into separate documents (HostnameConfig, LinkConfig, …) that a node still
  // running 1.11 cannot decode (siderolabs/talos contract.go MultidocNetworkConfigSupported), so applying first fails.
  if (version.length && va && vb && crossesMultidoc(va, vb)) {
    out.push(flag('fails', o.address, version, `talos_version ${va} -> ${vb}: the new config uses Talos 1.12 network documents, which node ${o.name} cannot read while it runs ${va}; upgrade the nodes first (homelab upgrade before terraform apply: it takes the applied installer images with the ${vb} tag), then terraform apply`));
  }
  const [a, b] = [install(o.before), install(o.after)];
  const patches = changed('config_patches');
  for (const key of ['disk', 'image'] as const) {
    if (a[key] !== b[key]) {
      const effect = key === 'image' ? `(${run}) machine.install.image` : 'machine.install.disk (used at the next install or upgrade)';
      out.push(flag('upgrade', o.address, patches, `${effect} ${a[key] ?? '(none)'} -> ${b[key] ?? '(none)'} for node ${o.name}`));
    } else {
      const ref = [...renewed].find((addr) => b[key]?.includes(`\${${addr}.`));
      if (ref) out.push(flag('upgrade', o.address, [`config_patches`], `(${run}) machine.install.${key} of node ${o.name} refers to ${ref}, which gets a new id (new extensions)`));
    }
  }
  return out;
}

/** The version jump starts using Talos >= 1.12 network documents, which the running version cannot read. */
function crossesMultidoc(from: string, to: string): boolean {
  return !usesNetworkDocuments(from) && usesNetworkDocuments(to);
}

function raisesVersionOnly(o: RawObject): boolean {
  const v = (b: unknown) => (b as { talos_version?: unknown } | undefined)?.talos_version;
  const [a, b] = [v(o.before), v(o.after)];
  return o.changes.every((c) => c.path === 'talos_version') && typeof a === 'string' && typeof b === 'string' && compareVersions(b, a) > 0;
}

function clusterOf(o: RawObject): string {
  const body = (o.after ?? o.before) as { cluster_name?: unknown } | undefined;
  return typeof body?.cluster_name === 'string' ? body.cluster_name : '<cluster>';
}

/** `machine.install.disk` / `.image` from the first config patch document that sets them. */
function install(body: unknown): { disk?: string; image?: string } {
  const patches = (body as { config_patches?: unknown } | undefined)?.config_patches;
  const out: { disk?: string; image?: string } = {};
  for (const text of Array.isArray(patches) ? patches : []) {
    if (typeof text !== 'string') continue;
    for (const js of (patchDocuments(text) ?? []) as any[]) {
      const inst = js?.machine?.install;
      if (inst?.disk !== undefined) out.disk ??= String(inst.disk);
      if (inst?.image !== undefined) out.image ??= String(inst.image);
    }
  }
  return out;
}
