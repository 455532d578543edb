/**
 * A fast reader for the plain block YAML most profiles are written in, with the position of every key and
 * list item. It returns undefined for anything outside that subset, and the caller then uses the `yaml`
 * package (which also reports every syntax problem): the result is either exactly what `yaml` gives
 * (`parseDocument(text, { uniqueKeys: true }).toJS()`, YAML 1.2 core schema) or nothing.
 *
 * The subset: block mappings and sequences (a sequence may sit at its key's indentation), `- key: value`
 * items, single-line flow collections of scalars (`{ a: 1 }`, `[a, b]`), plain, single- and double-quoted
 * single-line scalars, full-line and trailing comments, blank lines. Out of it (-> undefined): tabs in
 * indentation, CR, anchors, aliases, tags, block scalars, multi-line scalars, complex keys, document markers and
 * directives, merge keys, duplicate keys, non-string keys, and scalars the core schema reads in an unusual way
 * (hex, octal, .inf/.nan, exponents).
 */
import { MAX_DEPTH, no, Unsupported, quotedEnd, quoted, scalarOrFlow, plain, type FastNode } from './fast-yaml-scalar';

export type { FastNode };


export interface FastYaml {
  readonly data: unknown;
  readonly root: FastNode;
  /** Offsets where each line starts (as `yaml`'s LineCounter). */
  readonly lineStarts: number[];
}


interface Line {
  readonly indent: number;
  /** Offset of the first content character. */
  readonly start: number;
  /** Content without indentation and trailing comment/space. */
  readonly text: string;
}

export function fastParseYaml(text: string): FastYaml | undefined {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

function parse(text: string): FastYaml {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) no();
  const lineStarts: number[] = [];
  const lines: Line[] = [];
  let at = 0;
  while (at <= text.length) {
    lineStarts.push(at);
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    let i = at;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i < end && text[i] === '\t') no();
    const content = stripComment(text.slice(i, end));
    if (content !== '') lines.push({ indent: i - at, start: i, text: content });
    if (end === text.length) break;
    at = end + 1;
  }
  if (lines.length === 0) no();
  const state: State = { lines, i: 0, depth: 0 };
  const first = lines[0]!;
  if (first.indent !== 0) no();
  const { value, node } = block(state, 0);
  if (state.i !== lines.length) no();
  return { data: value, root: node, lineStarts };
}

/** Removes a trailing comment (` #` outside quotes) and trailing spaces; a full-line comment gives ''. */
function stripComment(s: string): string {
  if (s.startsWith('#')) return '';
  // A tab separates tokens in YAML (before a comment, inside flow collections): left to `yaml`.
  if (s.includes('\t')) no();
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === "'" && quote === "'" && s[i + 1] === "'") i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      // A quote opens a quoted scalar only at a value's start (the line's, or after `: `, `- `, `[`, `{`, `,`);
      // inside a plain scalar (`x 'y`) it is a character.
      if (opensValue(s, i)) quote = c;
    } else if (c === '#' && s[i - 1] === ' ') {
      return s.slice(0, i).trimEnd();
    }
  }
  if (quote) no();
  return s.trimEnd();
}

/** Whether position `i` of a line starts a value: after nothing, `[`, `{`, `,`, or `:`/`-` and a space. */
function opensValue(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && s[j] === ' ') j--;
  if (j < 0) return true;
  const prev = s[j]!;
  return prev === '[' || prev === '{' || prev === ',' || ((prev === ':' || prev === '-') && j < i - 1);
}

interface State {
  readonly lines: Line[];
  i: number;
  depth: number;
}


/** A block node starting at the current line, whose lines are indented `indent`. */
function block(state: State, indent: number): { value: unknown; node: FastNode } {
  const line = state.lines[state.i]!;
  if (line.indent !== indent) no();
  if (++state.depth > MAX_DEPTH) no();
  const r = isSeqItem(line.text) ? sequence(state, indent) : mapping(state, indent);
  state.depth--;
  return r;
}

const isSeqItem = (t: string) => t === '-' || t.startsWith('- ');

function sequence(state: State, indent: number): { value: unknown[]; node: FastNode } {
  const value: unknown[] = [];
  const seq: FastNode[] = [];
  const start = state.lines[state.i]!.start;
  while (state.i < state.lines.length) {
    const line = state.lines[state.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent || !isSeqItem(line.text)) no();
    if (line.text === '-') {
      state.i++;
      const next = state.lines[state.i];
      if (!next || next.indent <= indent) no(); // an empty item is null: leave it to `yaml`
      const child = block(state, next.indent);
      value.push(child.value);
      seq.push(child.node);
      continue;
    }
    // `- <rest>`: the rest starts a node at column indent + 2 (+ extra spaces).
    let off = 2;
    while (line.text[off] === ' ') off++;
    const rest: Line = { indent: indent + off, start: line.start + off, text: line.text.slice(off) };
    if (isSeqItem(rest.text)) no(); // `- - x`
    if (keyOf(rest.text) !== undefined) {
      // `- key: value` and the item's further keys at the same column.
      state.lines[state.i] = rest;
      const child = mapping(state, rest.indent);
      value.push(child.value);
      seq.push(child.node);
      continue;
    }
    state.i++;
    const next = state.lines[state.i];
    if (next && next.indent > indent) no(); // a multi-line scalar
    const item = scalarOrFlow(rest.text, rest.start);
    value.push(item.value);
    seq.push(item.node);
  }
  return { value, node: { start, seq } };
}

function mapping(state: State, indent: number): { value: Record<string, unknown>; node: FastNode } {
  const value: Record<string, unknown> = {};
  const map = new Map<string, { keyStart: number; value: FastNode }>();
  const start = state.lines[state.i]!.start;
  while (state.i < state.lines.length) {
    const line = state.lines[state.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent) no();
    const key = keyOf(line.text);
    if (key === undefined) no();
    const { name, rest } = key!;
    if (map.has(name) || name === '<<' || name === '__proto__') no();
    state.i++;
    let v: unknown;
    let node: FastNode;
    if (rest === '') {
      const next = state.lines[state.i];
      if (next && (next.indent > indent || (next.indent === indent && isSeqItem(next.text)))) {
        const child = block(state, next.indent);
        v = child.value;
        node = child.node;
      } else {
        v = null;
        // `yaml` puts an empty value's node at the end of the key line; the key is what gets located.
        node = { start: line.start + line.text.length };
      }
    } else {
      const next = state.lines[state.i];
      if (next && next.indent > indent) no(); // a multi-line scalar
      const valueStart = line.start + line.text.length - rest.length;
      ({ value: v, node } = scalarOrFlow(rest, valueStart));
    }
    value[name] = v;
    map.set(name, { keyStart: line.start, value: node });
  }
  return { value, node: { start, map } };
}

/** `key: rest` (rest may be empty); undefined when the line is not a simple mapping entry. */
function keyOf(t: string): { name: string; rest: string } | undefined {
  let name: string;
  let after: number;
  if (t[0] === '"' || t[0] === "'") {
    const end = quotedEnd(t, 0);
    if (end < 0 || t[end + 1] !== ':') return undefined;
    name = quoted(t.slice(0, end + 1));
    after = end + 2;
  } else {
    const colon = t.search(/:( |$)/);
    if (colon <= 0) return undefined;
    const raw = t.slice(0, colon);
    if (/^[-?:,[\]{}#&*!|>%@`]/.test(raw) && !/^-[^\s]/.test(raw)) return undefined;
    if (raw.startsWith('- ') || raw.includes(': ') || raw !== raw.trim()) return undefined;
    const v = plain(raw);
    if (typeof v !== 'string') no(); // keys that are numbers, booleans or null
    name = raw;
    after = colon + 1;
  }
  if (after < t.length && t[after] !== ' ') return undefined;
  return { name, rest: t.slice(after).trim() };
}

/** 1-based line and column of an offset, as `yaml`'s LineCounter.linePos. */
export function linePos(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = lineStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offset < lineStarts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  if (lo === 0) return { line: 0, col: offset };
  const start = lineStarts[lo - 1]!;
  return { line: lo, col: offset - start + 1 };
}

/**
 * The data of every document of a multi-document text (`---` lines between them), as `yaml`'s
 * parseAllDocuments(text).map((d) => d.toJS()) gives it, or undefined when a document is outside the subset.
 * A document holding only comments reads as null.
 */
export function fastParseAllDocuments(text: string): unknown[] | undefined {
  if (text.includes('\r')) return undefined;
  const chunks = text.split(/^---[ \t]*$/m);
  // A leading `---` opens the first document; text before it is that document only when it has content.
  const docs: unknown[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    const empty = chunk.split('\n').every((l) => l.trim() === '' || l.trimStart().startsWith('#'));
    if (empty) {
      // `yaml` reads no document before a leading `---` (or in a text of comments); after a `---` one is null.
      if (i === 0) continue;
      docs.push(null);
      continue;
    }
    if (/^(\.\.\.|%)/m.test(chunk)) return undefined;
    const r = fastParseYaml(chunk);
    if (!r) return undefined;
    docs.push(r.data);
  }
  return docs;
}
