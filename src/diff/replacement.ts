/**
 * What a change to a resource does beyond an in-place update, from `schemas/providers/replacement.json`
 * (the one place that knowledge lives; see schemas/providers/SOURCES.md): `force_new` paths replace the
 * resource, `force_new_if` entries replace it when their condition (quoted from the provider code in the
 * entry's note) holds, `reboots`/`reboots_if` restart a running VM or container. The few things the JSON
 * only states in prose (`notes`) are in FROM_NOTES below, each citing its note.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AttributeChange, changedLeaves, schemaPath, under, valueAt } from './values';

/** `address`, `crd-provider` and `chart` come from the Kubernetes side of the diff (k8s-diff.ts). */
export type FlagKind = 'destroy' | 'replace' | 'migrate' | 'data-loss' | 'fails' | 'cluster-reset' | 'address' | 'crd-provider' | 'upgrade' | 'reboot' | 'chart'
  // K3s (k3s.ts): a version change carried out in place by upgrade Plans; a first-boot-only user-data change
  | 'in-place-upgrade' | 'first-boot'
  // nic-shift.ts: a NIC inserted or removed in the middle moves the NICs after it
  | 'nic-shift'
  // version-skip.ts: a Kubernetes minor-version jump of more than one (an error)
  | 'version-skip';
export type Severity = 'high' | 'medium' | 'info';

/** Something a reviewer must not miss. */
export interface Flag {
  readonly kind: FlagKind;
  readonly severity: Severity;
  /** Terraform address, e.g. `proxmox_virtual_environment_vm.lab-worker-1`, or a Kubernetes object key. */
  readonly address: string;
  /** The changed attribute paths that caused it. */
  readonly paths?: readonly string[];
  readonly message: string;
  /** Where the provider decides it (`file:line` in the provider source), when known. */
  readonly source?: string;
}

export const SEVERITY: Record<FlagKind, Severity> = {
  destroy: 'high', replace: 'high', migrate: 'medium', 'data-loss': 'high', fails: 'high', 'cluster-reset': 'high', address: 'high', 'crd-provider': 'high', upgrade: 'medium', reboot: 'medium', chart: 'info',
  'in-place-upgrade': 'medium', 'first-boot': 'info', 'nic-shift': 'high', 'version-skip': 'high',
};

interface Conditional { path: string; note: string; source: string }
interface Rules { force_new: string[]; force_new_if: Conditional[]; reboots?: string[]; reboots_if?: Conditional[]; notes?: string }

interface NoteRule {
  readonly path: string;
  /** `new-id`: an in-place update that gives the resource a new `id` (what refers to it sees a new value). */
  readonly kind: FlagKind | 'new-id';
  readonly message: string;
  readonly source: string;
  readonly when?: (before: unknown, after: unknown) => boolean;
}

/** What replacement.json's `notes` say in prose and its lists cannot express. Quotes are from those notes. */
export const FROM_NOTES: Record<string, readonly NoteRule[]> = {
  proxmox_virtual_environment_vm: [
    // "a changed interface deletes the disk at the old interface and adds a new one in place (vm.go:6493-6522; data loss, boot disks refused)"
    { path: 'disk.interface', kind: 'data-loss', message: 'disk interface changed: the disk at the old interface is deleted and an empty one added (refused for the boot disk)', source: 'vm.go:6493-6522' },
    // "a datastore_id change moves the disk with the VM shut down (vm.go:7253)"
    { path: 'disk.datastore_id', kind: 'reboot', message: 'disk moves to another datastore with the VM shut down', source: 'vm.go:7253' },
    // "a smaller size fails (vm.go:7299)"
    { path: 'disk.size', kind: 'fails', message: 'disk shrinks: Proxmox cannot shrink a disk, the apply fails', source: 'vm.go:7299', when: (b, a) => typeof b === 'number' && typeof a === 'number' && a < b },
    // "aio/queues changes and resizes of non-hotpluggable disks also set the reboot flag (disk/disk.go:676,682)"
    { path: 'disk.aio', kind: 'reboot', message: 'disk aio changed: the VM reboots', source: 'disk/disk.go:676' },
    { path: 'disk.queues', kind: 'reboot', message: 'disk queues changed: the VM reboots', source: 'disk/disk.go:682' },
  ],
  // "a schematic change creates a new schematic in Update and the id changes in place"
  talos_image_factory_schematic: [
    { path: 'schematic', kind: 'new-id', message: 'schematic changed: a new schematic id', source: 'talos_image_factory_schematic_resource.go:141' },
  ],
};

/** The package root (holds `schemas/`), from sources or compiled code alike. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'schemas', 'providers', 'replacement.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('schemas/providers/replacement.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export function providerSchemaFile(name: string): string {
  return join(packageRoot(), 'schemas', 'providers', name);
}

let rules: Record<string, Rules> | undefined;

/** replacement.json, parsed once. */
export function replacementRules(): Record<string, Rules> {
  return (rules ??= JSON.parse(readFileSync(providerSchemaFile('replacement.json'), 'utf8')) as Record<string, Rules>);
}

const MAYBE = 'may be replaced';

/** `migrates`: the condition's flag is set, so the provider moves the resource in place instead (a VM's `migrate`). */
type Verdict = { replaces: boolean; why: string; migrates?: boolean } | undefined;

/**
 * Evaluates a `force_new_if` condition as its note quotes the provider code. Known shapes: `!d.Get("x").(bool)`
 * (unless x is true in the new configuration), `newValue != d.Id()` (any change: the id is the old value),
 * `semver.Compare(planValue, stateValue) < 0` (lowered), `oldX == "" || newX == "" || oldX == newX` (both
 * set and different). Anything else: may replace, with the note.
 */
function evaluate(c: Conditional, before: unknown, after: unknown): Verdict {
  const flag = c.note.match(/!d\.Get\("(\w+)"\)\.\(bool\)/);
  if (flag) {
    return firstOf(after, flag[1]!) === true
      ? { replaces: false, migrates: true, why: `${c.path} changed and ${flag[1]} is true: moved to the new node in place, not replaced` }
      : { replaces: true, why: `${c.path} changed and ${flag[1]} is not true` };
  }
  if (/newValue.*!= d\.Id\(\)/.test(c.note)) return { replaces: true, why: `${c.path} changed` };
  if (/semver\.Compare\(planValue, stateValue\) < 0/.test(c.note)) {
    const lowered = compareVersions(String(firstOf(after, c.path)), String(firstOf(before, c.path))) < 0;
    return lowered ? { replaces: true, why: `${c.path} lowered` } : undefined;
  }
  const guard = c.note.match(/old(\w+) == "" \|\| new\1 == "" \|\| old\1 == new\1/);
  if (guard) {
    const field = guard[1]!.toLowerCase();
    const p = c.path.endsWith(`.${field}`) ? c.path : `${c.path}.${field}`;
    const [o, n] = [firstOf(before, p), firstOf(after, p)];
    return o && n && o !== n ? { replaces: true, why: `${p} changed from ${o} to ${n}` } : undefined;
  }
  return { replaces: false, why: `${MAYBE}: ${c.note}` };
}

/** Value at a schema path (no indexes), taking the first element of lists on the way (single blocks). */
function firstOf(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return Array.isArray(cur) ? cur[0] : cur;
}

/** Compares `v1.12.3`-style versions numerically (negative: `a` is older). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * Flags of an in-place change to one resource (present before and after), from its attribute changes.
 * When it is replaced, only the replacement flags are returned (reboots and data loss are moot).
 */
export function resourceFlags(type: string, address: string, before: unknown, after: unknown, changes: readonly AttributeChange[]): Flag[] {
  const r = replacementRules()[type];
  const leafs = changes.flatMap(changedLeaves);
  const grouped = new Map<string, { kind: FlagKind; paths: Set<string>; message: string; source?: string }>();
  const add = (kind: FlagKind, leaf: string, message: string, source?: string) => {
    const key = `${kind}\0${message}`;
    const g = grouped.get(key) ?? { kind, paths: new Set<string>(), message, source };
    g.paths.add(leaf);
    grouped.set(key, g);
  };
  for (const leaf of leafs) {
    const at = schemaPath(leaf);
    for (const f of r?.force_new ?? []) if (under(at, f)) add('replace', leaf, `${f} forces replacement`);
    for (const c of r?.force_new_if ?? []) {
      if (!under(at, c.path)) continue;
      const v = evaluate(c, before, after);
      if (v?.migrates) add('migrate', leaf, v.why, c.source);
      else if (v) add('replace', leaf, v.why, v.replaces ? c.source : `${c.source} (condition not evaluated)`);
    }
    for (const p of r?.reboots ?? []) if (under(at, p)) add('reboot', leaf, `${p} changed: a running VM/container reboots (reboot_after_update)`);
    for (const c of r?.reboots_if ?? []) if (under(at, c.path)) add('reboot', leaf, `${c.path} changed: may reboot (${c.note})`, c.source);
    for (const n of FROM_NOTES[type] ?? []) {
      if (n.kind === 'new-id' || !under(at, n.path)) continue;
      if (!n.when || n.when(valueAt(before, leaf), valueAt(after, leaf))) add(n.kind, leaf, n.message, n.source);
    }
  }
  const flags = [...grouped.values()].map((g) => ({
    kind: g.kind, severity: SEVERITY[g.kind], address, paths: [...g.paths].sort(), message: g.message, ...(g.source ? { source: g.source } : {}),
  }));
  return flags.some(isCertainReplacement) ? flags.filter((f) => f.kind === 'replace') : flags;
}

/** A replace flag whose condition was evaluated (not a "may be replaced" one). */
export function isCertainReplacement(f: Flag): boolean {
  return f.kind === 'replace' && !f.message.startsWith(MAYBE);
}

/** True when the changes give the resource a new `id` in place (FROM_NOTES `new-id`). */
export function changesIdentity(type: string, changes: readonly AttributeChange[]): boolean {
  const rulesOf = (FROM_NOTES[type] ?? []).filter((n) => n.kind === 'new-id');
  return changes.flatMap(changedLeaves).some((leaf) => rulesOf.some((n) => under(schemaPath(leaf), n.path)));
}

/** True when a change at this schema path of `type` forces replacement unconditionally or by a `force_new_if` entry. */
export function isForceNewPath(type: string, path: string): boolean {
  const r = replacementRules()[type];
  return !!r && (r.force_new.some((f) => under(path, f)) || r.force_new_if.some((c) => under(path, c.path)));
}
