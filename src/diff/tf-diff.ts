/**
 * Compares Terraform JSON documents (pure): per stack, resources and data sources keyed by `<type>.<name>`
 * (`data.<type>.<name>`), outputs (`output.<name>`), provider blocks (`provider.<name>`) and the `terraform`
 * block; attribute-level changes with dotted paths; cdktf's `//` metadata ignored; sensitive values masked.
 * Each change is classified from replacement.json (replacement.ts) and the Talos rules (talos.ts); a resource
 * whose force-new attribute refers to a replaced resource (or one getting a new id) is replaced as well.
 */
import { changesIdentity, type Flag, type FlagKind, isCertainReplacement, isForceNewPath, resourceFlags, SEVERITY } from './replacement';
import { firstBootFlags } from './k3s';
import { isIgnored } from './lifecycle';
import { nicShiftFlags } from './nic-shift';
import { versionSkipFlags } from './version-skip';
import { maskChange, sensitivePaths } from './sensitive';
import { type RawObject, talosFlags } from './talos';
import { talosDocumentChanges } from './talos-documents';
import { type AttributeChange, clean, compareValues, leaves, schemaPath } from './values';

export type ObjectKind = 'resource' | 'data' | 'output' | 'provider' | 'terraform';
export type Action = 'create' | 'update' | 'replace' | 'delete';

export interface ObjectDiff {
  /** Terraform address: `<type>.<name>`, `data.<type>.<name>`, `output.<name>`, `provider.<name>`, `terraform`. */
  readonly address: string;
  readonly kind: ObjectKind;
  readonly action: Action;
  /** Attribute changes of an update or replacement (none listed for create/delete); sensitive values masked. */
  readonly changes: readonly AttributeChange[];
}

export interface StackSummary {
  readonly added: number;
  /** Updated objects, plus removed data sources, outputs and providers (nothing is destroyed by those). */
  readonly changed: number;
  readonly replaced: number;
  /** Removed resources. */
  readonly destroyed: number;
}

export interface StackDiff {
  readonly name: string;
  readonly summary: StackSummary;
  /** Sorted by address. */
  readonly objects: readonly ObjectDiff[];
  /** What a reviewer must not miss, most severe first. */
  readonly flags: readonly Flag[];
}

interface Entry { kind: ObjectKind; type?: string; name: string; body: unknown }

const KIND_ORDER: FlagKind[] = ['destroy', 'replace', 'migrate', 'data-loss', 'fails', 'cluster-reset', 'version-skip', 'nic-shift', 'address', 'crd-provider', 'upgrade', 'in-place-upgrade', 'reboot', 'chart', 'first-boot'];

/** Objects of one cdk.tf.json document by address. */
export function objectsOf(doc: unknown): Map<string, Entry> {
  const d = (doc ?? {}) as Record<string, any>;
  const out = new Map<string, Entry>();
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries<Record<string, unknown>>(d[kind] ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        out.set(`${kind === 'data' ? 'data.' : ''}${type}.${name}`, { kind, type, name, body: clean(body) });
      }
    }
  }
  for (const [name, body] of Object.entries(d.output ?? {})) out.set(`output.${name}`, { kind: 'output', name, body: clean(body) });
  for (const [name, configs] of Object.entries(d.provider ?? {})) {
    const list = clean(configs) as unknown[];
    out.set(`provider.${name}`, { kind: 'provider', name, body: Array.isArray(list) && list.length === 1 ? list[0] : list });
  }
  if (d.terraform) out.set('terraform', { kind: 'terraform', name: 'terraform', body: clean(d.terraform) });
  return out;
}

/** Compares stacks by name; a stack missing on one side counts as empty. */
export function diffStacks(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): StackDiff[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.map((name) => diffStack(name, before[name], after[name]));
}

export function diffStack(name: string, beforeDoc: unknown, afterDoc: unknown): StackDiff {
  const [a, b] = [objectsOf(beforeDoc), objectsOf(afterDoc)];
  const raw = new Map<string, RawObject>();
  const flags = new Map<string, Flag[]>();
  for (const address of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [x, y] = [a.get(address), b.get(address)];
    const e = (y ?? x)!;
    const base = { address, kind: e.kind, type: e.type, name: e.name, before: x?.body, after: y?.body };
    if (!x || !y) {
      raw.set(address, { ...base, action: x ? 'delete' : 'create', changes: [] });
      if (x && e.kind === 'resource') flags.set(address, [destroyFlag(address, x.body)]);
      continue;
    }
    const compared = compareValues(x.body, y.body);
    const all = e.type === 'talos_machine_configuration' ? talosDocumentChanges(compared) : compared;
    // lifecycle.ignore_changes (and the lifecycle block itself): Terraform takes no action (k3s.ts)
    const changes = e.kind === 'resource' ? all.filter((c) => !isIgnored(y.body, c.path)) : all;
    if (e.kind === 'resource' && changes.length < all.length) {
      const f = firstBootFlags(e.type, address, x.body, y.body, all.filter((c) => !changes.includes(c)));
      if (f.length) flags.set(address, f);
    }
    if (changes.length === 0) continue;
    const f = e.kind === 'resource' ? [...resourceFlags(e.type!, address, x.body, y.body, changes), ...nicShiftFlags(e.type, address, x.body, y.body)] : [];
    const replaced = f.some(isCertainReplacement);
    raw.set(address, { ...base, action: replaced ? 'replace' : 'update', changes });
    flags.set(address, [...(flags.get(address) ?? []), ...f]);
  }
  cascade(a, b, raw, flags);
  const renewed = new Set([...raw.values()].filter((o) => o.action === 'replace' || (o.action === 'update' && o.type && changesIdentity(o.type, o.changes))).map((o) => o.address));
  for (const o of raw.values()) flags.set(o.address, [...(flags.get(o.address) ?? []), ...talosFlags(o, renewed)]);
  // An unchanged machine configuration whose install image refers to a renewed id changes too (read at apply).
  for (const [address, y] of b) {
    const x = a.get(address);
    if (raw.has(address) || !x || y.kind !== 'data') continue;
    const o: RawObject = { address, kind: 'data', type: y.type, name: y.name, before: x.body, after: y.body, action: 'update', changes: [] };
    const f = talosFlags(o, renewed);
    if (f.length) (raw.set(address, o), flags.set(address, f));
  }

  for (const [address, y] of b) {
    const x = a.get(address);
    const f = x ? versionSkipFlags(y.type, address, x.body, y.body) : [];
    if (f.length) flags.set(address, [...(flags.get(address) ?? []), ...f]);
  }

  const objects = [...raw.values()].sort((p, q) => cmp(p.address, q.address)).map((o): ObjectDiff => {
    const paths = sensitivePaths(o.kind === 'resource' || o.kind === 'data' ? `${o.kind}.${o.type}` : o.address, o.before, o.after);
    return { address: o.address, kind: o.kind as ObjectKind, action: o.action, changes: o.changes.map((c) => maskChange(c, paths)) };
  });
  const count = (pred: (o: ObjectDiff) => boolean) => objects.filter(pred).length;
  return {
    name,
    summary: {
      added: count((o) => o.action === 'create'),
      changed: count((o) => o.action === 'update' || (o.action === 'delete' && o.kind !== 'resource' && isChange(o))),
      replaced: count((o) => o.action === 'replace'),
      destroyed: count((o) => o.action === 'delete' && o.kind === 'resource'),
    },
    objects,
    flags: [...flags.values()].flat().sort(flagOrder),
  };
}

/**
 * Whether an object counts as a change (`homelab diff` exit 2): everything but a removed data source or
 * output, which changes nothing Terraform manages (it is still listed).
 */
export function isChange(o: Pick<ObjectDiff, 'action' | 'kind'>): boolean {
  return !(o.action === 'delete' && (o.kind === 'data' || o.kind === 'output'));
}

function destroyFlag(address: string, body: unknown): Flag {
  const vmId = (body as { vm_id?: unknown }).vm_id;
  const what = typeof vmId === 'number' ? ` (VMID ${vmId}, with its disks)` : '';
  return { kind: 'destroy', severity: SEVERITY.destroy, address, message: `${address} is destroyed${what}` };
}

/**
 * A force-new attribute that refers to `${<addr>.…}` of a replaced resource (or one whose id changes in place)
 * is unknown until apply, so Terraform replaces the referring resource too; repeated until nothing changes.
 */
function cascade(a: Map<string, Entry>, b: Map<string, Entry>, raw: Map<string, RawObject>, flags: Map<string, Flag[]>): void {
  const renewed = () => [...raw.values()].filter((o) => o.action === 'replace' || (o.action === 'update' && o.type && changesIdentity(o.type, o.changes))).map((o) => o.address);
  for (let grew = true; grew; ) {
    grew = false;
    const sources = renewed();
    for (const [address, y] of b) {
      const current = raw.get(address);
      if (y.kind !== 'resource' || !a.has(address) || current?.action === 'replace') continue;
      for (const [leaf, v] of leaves(y.body)) {
        if (isIgnored(y.body, leaf)) continue;
        const ref = typeof v === 'string' && sources.find((s) => s !== address && v.includes(`\${${s}.`));
        if (!ref || !isForceNewPath(y.type!, schemaPath(leaf))) continue;
        raw.set(address, { address, kind: 'resource', type: y.type, name: y.name, before: a.get(address)!.body, after: y.body, changes: current?.changes ?? [], action: 'replace' });
        const kept = (flags.get(address) ?? []).filter((f) => f.kind === 'replace');
        flags.set(address, [...kept, { kind: 'replace', severity: SEVERITY.replace, address, paths: [leaf], message: `${leaf} refers to ${ref}, which gets a new id: known only after apply, so this forces replacement` }]);
        grew = true;
        break;
      }
    }
  }
}

const cmp = (p: string, q: string) => (p < q ? -1 : p > q ? 1 : 0);

const SEVERITY_ORDER = ['high', 'medium', 'info'];

/** Most severe first, then by kind, address and message. */
export function flagOrder(p: Flag, q: Flag): number {
  const sev = (f: Flag) => SEVERITY_ORDER.indexOf(f.severity);
  return sev(p) - sev(q) || KIND_ORDER.indexOf(p.kind) - KIND_ORDER.indexOf(q.kind) || cmp(p.address, q.address) || cmp(p.message, q.message);
}
