/**
 * Scalars and single-line flow collections of the fast YAML reader (fast-yaml.ts): YAML 1.2 core schema
 * resolution, quoted strings, `{ a: 1 }` / `[a, b]`. Anything unusual throws Unsupported, and the reader
 * leaves the file to the `yaml` package.
 */

/** Where a node starts (text offset) and, for collections, where its children start. */
export interface FastNode {
  readonly start: number;
  readonly map?: Map<string, { readonly keyStart: number; readonly value: FastNode }>;
  readonly seq?: FastNode[];
}

export class Unsupported extends Error {}
export const no = (): never => {
  throw new Unsupported();
};

/** Nesting depth (block and flow) beyond which `yaml` reads the file. */
export const MAX_DEPTH = 64;

export function quotedEnd(t: string, from: number): number {
  const q = t[from];
  for (let i = from + 1; i < t.length; i++) {
    if (q === '"' && t[i] === '\\') i++;
    else if (t[i] === q) {
      if (q === "'" && t[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

export function quoted(t: string): string {
  if (t[0] === "'") return t.slice(1, -1).replace(/''/g, "'");
  if (!t.includes('\\')) return t.slice(1, -1);
  // JSON's escapes mean the same in YAML; YAML-only escapes (\x, \e, \N, ...) go to `yaml`.
  try {
    return JSON.parse(t) as string;
  } catch {
    return no();
  }
}

/** A value on one line at text offset `start`. */
export function scalarOrFlow(t: string, start: number): { value: unknown; node: FastNode } {
  if (t[0] === '{' || t[0] === '[') return flow(t, start);
  if (t[0] === '"' || t[0] === "'") {
    if (quotedEnd(t, 0) !== t.length - 1) no();
    return { value: quoted(t), node: { start } };
  }
  return { value: plainValue(t), node: { start } };
}

/** A plain scalar in value position. */
function plainValue(t: string): unknown {
  if (/^[-?:,[\]{}#&*!|>%@`]/.test(t) && !/^-[^\s]/.test(t) && !/^[?:][^\s]/.test(t)) no();
  if (t.includes(': ') || t.endsWith(':')) no();
  return plain(t);
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)$/;

/** YAML 1.2 core schema resolution of a plain scalar (unusual forms -> `yaml`). */
export function plain(t: string): unknown {
  if (t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null;
  if (t === 'true' || t === 'True' || t === 'TRUE') return true;
  if (t === 'false' || t === 'False' || t === 'FALSE') return false;
  if (/^[-+]?\.(inf|nan)$/i.test(t) || /^[-+]?0[xo]/i.test(t) || /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE]/.test(t)) no();
  if (INT.test(t)) {
    const n = Number(t);
    if (!Number.isSafeInteger(n)) no();
    return n;
  }
  if (FLOAT.test(t)) return Number(t);
  return t;
}

/** A flow collection on one line at text offset `base`: `{ a: 1, b: [x, "y"] }` (nesting allowed). */
function flow(t: string, base: number): { value: unknown; node: FastNode } {
  const p = { i: 0, depth: 0 };
  const r = flowNode(t, p, base);
  while (t[p.i] === ' ') p.i++;
  if (p.i !== t.length) no();
  return r;
}

function flowNode(t: string, p: { i: number; depth?: number }, base: number): { value: unknown; node: FastNode } {
  // Deep nesting (an attack or a mistake) goes to `yaml`, which reports it.
  p.depth = (p.depth ?? 0) + 1;
  if (p.depth > MAX_DEPTH) no();
  try {
    return flowItem(t, p, base);
  } finally {
    p.depth--;
  }
}

function flowItem(t: string, p: { i: number; depth?: number }, base: number): { value: unknown; node: FastNode } {
  while (t[p.i] === ' ') p.i++;
  const start = p.i;
  const c = t[p.i];
  if (c === '{') return flowMap(t, p, base);
  if (c === '[') return flowSeq(t, p, base);
  if (c === '"' || c === "'") {
    const end = quotedEnd(t, p.i);
    if (end < 0) no();
    p.i = end + 1;
    return { value: quoted(t.slice(start, end + 1)), node: { start: base + start } };
  }
  while (p.i < t.length && !',]}'.includes(t[p.i]!)) {
    if (t[p.i] === '[' || t[p.i] === '{' || (t[p.i] === ':' && ' ,]}'.includes(t[p.i + 1] ?? ' '))) no();
    p.i++;
  }
  const raw = t.slice(start, p.i).trimEnd();
  if (raw === '') no();
  return { value: plainValue(raw), node: { start: base + start } };
}

function flowSeq(t: string, p: { i: number; depth?: number }, base: number): { value: unknown[]; node: FastNode } {
  const start = p.i++;
  const value: unknown[] = [];
  const seq: FastNode[] = [];
  for (;;) {
    while (t[p.i] === ' ') p.i++;
    if (t[p.i] === ']') break;
    const item = flowNode(t, p, base);
    value.push(item.value);
    seq.push(item.node);
    while (t[p.i] === ' ') p.i++;
    if (t[p.i] === ',') p.i++;
    else if (t[p.i] !== ']') no();
  }
  p.i++;
  return { value, node: { start: base + start, seq } };
}

function flowMap(t: string, p: { i: number; depth?: number }, base: number): { value: Record<string, unknown>; node: FastNode } {
  const start = p.i++;
  const value: Record<string, unknown> = {};
  const map = new Map<string, { keyStart: number; value: FastNode }>();
  for (;;) {
    while (t[p.i] === ' ') p.i++;
    if (t[p.i] === '}') break;
    const keyStart = p.i;
    let name: string;
    if (t[p.i] === '"' || t[p.i] === "'") {
      const end = quotedEnd(t, p.i);
      if (end < 0) no();
      name = quoted(t.slice(p.i, end + 1));
      p.i = end + 1;
      if (t[p.i] !== ':') no();
    } else {
      while (p.i < t.length && !(t[p.i] === ':' && ' ,}'.includes(t[p.i + 1] ?? ' '))) {
        if (',[]{}'.includes(t[p.i]!)) no();
        p.i++;
      }
      const raw = t.slice(keyStart, p.i).trimEnd();
      if (raw === '' || /^[-?:,[\]{}#&*!|>%@`'"]/.test(raw)) no();
      if (typeof plain(raw) !== 'string') no();
      name = raw;
    }
    if (t[p.i] !== ':' || map.has(name!) || name! === '<<' || name! === '__proto__') no();
    p.i++;
    while (t[p.i] === ' ') p.i++;
    let entry: { value: unknown; node: FastNode };
    if (t[p.i] === ',' || t[p.i] === '}') entry = { value: null, node: { start: base + p.i } };
    else entry = flowNode(t, p, base);
    value[name!] = entry.value;
    map.set(name!, { keyStart: base + keyStart, value: entry.node });
    while (t[p.i] === ' ') p.i++;
    if (t[p.i] === ',') p.i++;
    else if (t[p.i] !== '}') no();
  }
  p.i++;
  return { value, node: { start: base + start, map } };
}
