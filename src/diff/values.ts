/**
 * Value helpers of `homelab diff` (pure): attribute-level comparison of JSON values with dotted paths and
 * `[i]` list indexes, leaf flattening, schema paths without indexes, and a line diff for multi-line strings.
 */

/** One attribute that differs. `before`/`after` absent = the attribute (or list element) is added/removed. */
export interface AttributeChange {
  /** Dotted path with list indexes, e.g. `memory.dedicated`, `disk[1].size`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
  /** The provider schema marks (part of) this value sensitive; values are shown as `(sensitive)`. */
  readonly sensitive?: true;
  /** For multi-line strings: the changed lines, `- old` / `+ new` (absent when sensitive). */
  readonly lines?: readonly string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Removes cdktf's `//` metadata keys at every depth and keys whose value is null (null = unset in Terraform). */
export function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (key === '//' || value[key] === null || value[key] === undefined) continue;
    out[key] = clean(value[key]);
  }
  return out;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/**
 * Differences between two cleaned values: recurses into objects present on both sides and lists index by
 * index; a key or element present on one side only is one change carrying the whole value.
 */
export function compareValues(before: unknown, after: unknown, path = ''): AttributeChange[] {
  if (sameValue(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => compareValues(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: AttributeChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...compareValues(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  const change: { path: string; before?: unknown; after?: unknown; lines?: string[] } = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  if (typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'))) {
    change.lines = lineDiff(before, after);
  }
  return [change];
}

/** Every leaf of a value by indexed path (`disk[0].size`); empty objects/lists are leaves themselves. */
export function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, join(path, k), out);
  } else if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (value !== undefined) {
    out.set(path, value);
  }
  return out;
}

/** Leaf paths (indexed) whose values differ inside one change. */
export function changedLeaves(change: AttributeChange): string[] {
  const a = leaves(change.before, change.path);
  const b = leaves(change.after, change.path);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => !sameValue(a.get(k), b.get(k))).sort();
}

/** `disk[1].size` -> `disk.size`: the path as replacement.json and the provider schemas spell it. */
export function schemaPath(path: string): string {
  return path.replace(/\[\d+\]/g, '').replace(/^\./, '');
}

/** True when `path` is `prefix` or lies under it (`disk.size` under `disk`). */
export function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}.`);
}

/** The value at an indexed dotted path, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Changed lines of two texts (LCS), as `- removed` / `+ added`, in order; unchanged lines are left out. */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) (i++, j++);
    else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

/** Compact rendering of a value for one-line output; absent = `(none)`. */
export function show(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value as Json);
}
