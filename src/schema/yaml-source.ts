/**
 * YAML files with positions: read with limits (regular files only, a size cap, strict UTF-8), parse with
 * syntax errors, unknown tags and alias problems as located problems, and find the line of a field path.
 * Positions come from the parser's line starts (computed once per file), so many errors stay linear.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Document, LineCounter } from 'yaml';
import { ProfileError, type ProfileProblem } from '../errors';
import { fastParseYaml, linePos, type FastNode, type FastYaml } from './fast-yaml';

// The `yaml` package loads only when a file is outside the fast reader's subset or a problem needs its position
// in such a file (src/schema/fast-yaml.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yamlLib = () => require('yaml') as typeof import('yaml');

export interface SourceFile {
  readonly file: string;
  readonly text: string;
  /** The `yaml` document (parsed on first use when the fast reader read the file). */
  readonly doc: Document;
  readonly lines: LineCounter;
  /** The fast reader's data and positions, when the file is in its subset. */
  readonly fast?: FastYaml;
}

/** A parsed file; the `yaml` document is made on first use. */
class YamlSource implements SourceFile {
  private parsed?: { doc: Document; lines: LineCounter };
  constructor(readonly file: string, readonly text: string, readonly fast: FastYaml | undefined, parsed?: { doc: Document; lines: LineCounter }) {
    this.parsed = parsed;
  }
  private full(): { doc: Document; lines: LineCounter } {
    this.parsed ??= fullParse(this.text, this.file);
    return this.parsed;
  }
  get doc(): Document {
    return this.full().doc;
  }
  get lines(): LineCounter {
    return this.full().lines;
  }
  renamed(file: string): YamlSource {
    return new YamlSource(file, this.text, this.fast, this.parsed);
  }
}

/** The same source under another display name. */
export function renameSource(source: SourceFile, file: string): SourceFile {
  return source instanceof YamlSource ? source.renamed(file) : { ...source, file };
}

/** Largest profile file read (bytes); a profile is hand-written YAML, and includes split big ones. */
export const MAX_PROFILE_BYTES = 2 * 1024 * 1024;
/** Aliases expanded per file before it counts as an alias bomb. */
export const MAX_ALIAS_COUNT = 1000;
/** YAML syntax errors reported per file (the rest are counted). */
const MAX_SYNTAX_ERRORS = 20;
/** Tags a profile may use: YAML's core schema, nothing that builds other types (`!!binary`, `!vault`). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Where a file was named: by `--profile`, or by an `include` entry (its file and line). */
export interface ReadBy {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Field path of the include entry, e.g. `include[1]`. */
  readonly path: string;
}

const fail = (p: ProfileProblem): never => {
  throw new ProfileError([p]);
};

/** Reads and parses one YAML file; every way it can be unreadable is a located problem with a fix. */
export function readYamlFile(file: string, by?: ReadBy): SourceFile {
  const at: Pick<ProfileProblem, 'file' | 'line' | 'column' | 'path'> = by ? { file: by.file, line: by.line, column: by.column, path: by.path } : { file, path: '' };
  const fixPath = by ? 'check the include entry (paths are relative to the including file)' : 'check the --profile path';
  let stat;
  try {
    stat = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return fail({ ...at, message: `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code}`, fix: fixPath });
  }
  if (!stat.isFile()) return fail({ ...at, message: `${file} is not a regular file (a directory, device or pipe)`, fix: by ? 'include YAML files or folders of them' : 'give --profile a YAML file' });
  if (stat.size > MAX_PROFILE_BYTES) {
    return fail({ ...at, message: `${file} is ${stat.size} bytes, above the limit of ${MAX_PROFILE_BYTES} bytes for a profile file`, fix: 'split the profile into several files with include:' });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return fail({ ...at, message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, fix: fixPath });
  }
  return parseYaml(decodeUtf8(bytes, file), file);
}

/** Strict UTF-8 (a BOM is dropped); an invalid byte is a problem naming its offset and line. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) [line, lineStart] = [line + 1, i + 1];
    return fail({
      path: '', file, line, column: offset - lineStart + 1,
      message: `invalid UTF-8 at byte offset ${offset} (byte 0x${bytes[offset]?.toString(16).padStart(2, '0')})`,
      fix: 'save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)',
    });
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    // Overlong 3/4-byte forms, surrogates and code points above U+10FFFF.
    const d1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && d1 < 0xa0) || (c === 0xed && d1 > 0x9f) || (c === 0xf0 && d1 < 0x90) || (c === 0xf4 && d1 > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
}

/** The text of 1-based `line`, cut to a window around `col` so a caret line stays short. */
function lineText(text: string, lines: LineCounter, line: number, col: number): { text: string; col: number } {
  const start = lines.lineStarts[line - 1] ?? 0;
  const next = lines.lineStarts[line];
  const full = text.slice(start, next === undefined ? undefined : next).replace(/\r?\n$/, '');
  if (full.length <= 120) return { text: full, col };
  const from = Math.max(0, col - 60);
  return { text: `${from > 0 ? '...' : ''}${full.slice(from, from + 120)}...`, col: col - from + (from > 0 ? 3 : 0) };
}

function caret(text: string, lines: LineCounter, line: number, col: number): string {
  const l = lineText(text, lines, line, col);
  return `\n    ${l.text}\n    ${' '.repeat(Math.max(0, l.col - 1))}^`;
}

export function parseYaml(text: string, file: string): SourceFile {
  if (text.trim() === '') {
    return fail({ path: '', file, line: 1, column: 1, message: 'the file is empty', fix: 'write the profile (name:, hosts:, ...); homelab init scaffolds one' });
  }
  if (process.env.HOMELAB_FAST_YAML !== '0') {
    const fast = fastParseYaml(text);
    if (fast) return new YamlSource(file, text, fast);
  }
  return new YamlSource(file, text, undefined, fullParse(text, file));
}

/** The `yaml` package's parse, with every syntax, tag and alias problem located. */
function fullParse(text: string, file: string): { doc: Document; lines: LineCounter } {
  const { LineCounter, parseDocument } = yamlLib();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lines.linePos(offset);
  const problems: ProfileProblem[] = [];
  for (const e of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    // An unclosed quote is reported by the parser at the end of the file: point at where it opens.
    const offset = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? openingQuote(doc, e.pos[0]) ?? e.pos[0] : e.pos[0];
    const pos = at(offset);
    const fix = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? 'close the quote on this line' : e.code === 'DUPLICATE_KEY' ? 'keep one of the keys' : 'fix the YAML here';
    problems.push({ path: '', file, line: pos.line, column: pos.col, message: `YAML syntax: ${e.message.split('\n')[0]}`, fix: `${fix}:${caret(text, lines, pos.line, pos.col)}` });
  }
  if (doc.errors.length > MAX_SYNTAX_ERRORS) {
    problems.push({ path: '', file, message: `${doc.errors.length - MAX_SYNTAX_ERRORS} more YAML syntax errors`, fix: 'fix the first ones and run again' });
  }
  if (problems.length === 0) problems.push(...tagProblems(doc, file, at), ...aliasProblems(doc, file, at));
  if (problems.length > 0) throw new ProfileError(problems);
  return { doc, lines };
}

function openingQuote(doc: Document, errorOffset: number): number | undefined {
  let found: number | undefined;
  yamlLib().visit(doc, {
    Scalar(_, node) {
      const [start, end] = node.range ?? [];
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && start !== undefined && end !== undefined && start <= errorOffset && errorOffset <= end + 1) found = start;
    },
  });
  return found;
}

type At = (offset: number) => { line: number; col: number };

function tagProblems(doc: Document, file: string, at: At): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  yamlLib().visit(doc, (_, node) => {
    const tag = (node as { tag?: string } | null)?.tag;
    const start = (node as { range?: number[] } | null)?.range?.[0];
    if (!tag || CORE_TAGS.has(tag) || start === undefined) return;
    const pos = at(start);
    out.push({ path: '', file, line: pos.line, column: pos.col, message: `unknown or unsupported tag ${tag.replace('tag:yaml.org,2002:', '!!')}`, fix: 'remove the tag: profiles hold plain values; take secrets from the environment with ${env:NAME}' });
  });
  return out.slice(0, MAX_SYNTAX_ERRORS);
}

function aliasProblems(doc: Document, file: string, at: At): ProfileProblem[] {
  const out: ProfileProblem[] = [];
  let aliases = 0;
  let first: number | undefined;
  yamlLib().visit(doc, {
    Alias(_, node) {
      aliases++;
      const start = node.range?.[0] ?? 0;
      first ??= start;
      if (node.resolve(doc) === undefined) {
        const pos = at(start);
        out.push({ path: '', file, line: pos.line, column: pos.col, message: `alias *${node.source} refers to no anchor &${node.source} defined before it`, fix: `define &${node.source} earlier in this file (anchors do not cross files), or remove the alias` });
      }
    },
  });
  if (out.length === 0 && aliases > 0) {
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const pos = at(first ?? 0);
      const bomb = /resource exhaustion|alias count/i.test((err as Error).message);
      out.push({
        path: '', file, line: pos.line, column: pos.col,
        message: bomb ? `aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT}; an alias bomb?)` : `aliases cannot be resolved: ${(err as Error).message.split('\n')[0]}`,
        fix: bomb ? 'write the values out, or use fewer nested aliases' : 'fix or remove the aliases',
      });
    }
  }
  return out;
}

/** The file's data (aliases expanded within the checked limits); a fresh object on every call. */
export function yamlData(source: SourceFile): unknown {
  if (source.fast) {
    const fresh = !handedOut.has(source.fast);
    handedOut.add(source.fast);
    return fresh ? source.fast.data : fastParseYaml(source.text)!.data;
  }
  return source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}
const handedOut = new WeakSet<FastYaml>();

/** 1-based line and column of a text offset. */
export function positionOf(source: SourceFile, offset: number): { line: number; col: number } {
  return source.fast ? linePos(source.fast.lineStarts, offset) : source.lines.linePos(offset);
}

/** Where the file's top node starts. */
export function contentStart(source: SourceFile): number | undefined {
  return source.fast ? source.fast.root.start : source.doc.contents?.range?.[0];
}

/** Inverse of formatPath: `a.b[2].c` -> ['a', 'b', 2, 'c']. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Adds file:line:col to a problem from the YAML node at its path (or its nearest ancestor). */
export function locateIn(problem: ProfileProblem, source: SourceFile): ProfileProblem {
  if (source.fast) return locateFast(problem, source, source.fast);
  const { isAlias, isMap, isSeq } = yamlLib();
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node);
  const keys = parsePath(problem.path);
  for (let i = 0; i < keys.length; ) {
    const key = keys[i]!;
    if (isMap(node)) {
      // A key may itself contain dots (`a.b`): try the longest run of segments first.
      let matched = 0;
      let pair: unknown;
      for (let n = keys.length - i; n >= 1 && !matched; n--) {
        const run = keys.slice(i, i + n);
        if (run.some((k) => typeof k === 'number')) continue;
        const name = run.join('.');
        pair = keyIndex(node).get(name);
        if (pair) matched = n;
      }
      if (!pair) break;
      offset = rangeStart((pair as { key: unknown }).key) ?? offset;
      node = (pair as { value: unknown }).value;
      i += matched;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = rangeStart(node) ?? offset;
      i++;
    } else break;
    if (isAlias(node)) node = node.resolve(source.doc);
  }
  if (offset === undefined) return { ...problem, file: source.file };
  const pos = source.lines.linePos(offset);
  return { ...problem, file: source.file, line: pos.line, column: pos.col };
}

/** locateIn over the fast reader's positions: the same walk (longest dotted key first, list items by index). */
function locateFast(problem: ProfileProblem, source: SourceFile, fast: FastYaml): ProfileProblem {
  let node: FastNode | undefined = fast.root;
  let offset: number | undefined = node.start;
  const keys = parsePath(problem.path);
  for (let i = 0; i < keys.length && node; ) {
    if (node.map) {
      let matched = 0;
      let entry: { keyStart: number; value: FastNode } | undefined;
      for (let n = keys.length - i; n >= 1 && !matched; n--) {
        const run = keys.slice(i, i + n);
        if (run.some((k) => typeof k === 'number')) continue;
        entry = node.map.get(run.join('.'));
        if (entry) matched = n;
      }
      if (!entry) break;
      offset = entry.keyStart;
      node = entry.value;
      i += matched;
    } else if (node.seq && typeof keys[i] === 'number') {
      node = node.seq[keys[i] as number];
      offset = node?.start ?? offset;
      i++;
    } else break;
  }
  const pos = linePos(fast.lineStarts, offset);
  return { ...problem, file: source.file, line: pos.line, column: pos.col };
}

/** Pairs of a YAML map by key, built once per map, so locating many problems stays linear. */
const keyIndexes = new WeakMap<object, Map<string, unknown>>();
function keyIndex(node: { items: unknown[] }): Map<string, unknown> {
  const { isPair, isScalar } = yamlLib();
  let index = keyIndexes.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    keyIndexes.set(node, index);
  }
  return index;
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}
