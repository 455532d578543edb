/**
 * Reads a profile from YAML (or a plain object), validates it with zod and reports every problem with
 * its field path, the fix and, for files, line:column. The only place that sees raw profile input.
 */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ProfileError, type ProfileProblem } from '../errors';
import { formatPath, issueToProblems } from './issues';
import { profileSchema, type ProfileInput } from './profile';

export interface Source {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** A validated profile and where it came from (for locating later problems). */
export interface LoadedProfile {
  readonly profile: ProfileInput;
  readonly source?: Source;
}

/** Reads and validates a profile file. Throws ProfileError listing every problem. */
export function loadProfileFile(file: string): ProfileInput {
  return readProfileFile(file).profile;
}

/** Like loadProfileFile, and keeps the parsed YAML so problems found later can be given a line. */
export function readProfileFile(file: string): LoadedProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ProfileError([{ path: '', file, message: `cannot read profile: ${(err as NodeJS.ErrnoException).code ?? err}`, fix: 'check the --profile path' }]);
  }
  return readProfileText(text, file);
}

/** Parses YAML text as a profile; `file` is used in messages only. */
export function parseProfileText(text: string, file = '<profile>'): ProfileInput {
  return readProfileText(text, file).profile;
}

function readProfileText(text: string, file: string): LoadedProfile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ProfileError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const line = text.split('\n')[pos.line - 1] ?? '';
        return {
          path: '',
          file,
          line: pos.line,
          column: pos.col,
          message: `YAML syntax: ${e.message.split('\n')[0]}`,
          fix: `\n    ${line}\n    ${' '.repeat(Math.max(0, pos.col - 1))}^`,
        };
      }),
    );
  }
  const source = { file, doc, lines };
  return { profile: parseProfile(doc.toJS({ maxAliasCount: 1000 }), source), source };
}

/** Runs `fn`; a ProfileError it throws gets file:line:col for each problem from `source`. */
export function withPositions<T>(source: Source | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!source || !(err instanceof ProfileError)) throw err;
    throw new ProfileError(sortProblems(err.problems.map((p) => (p.line ? p : locate(p, source)))));
  }
}

/** Validates a profile object (e.g. built by code). Throws ProfileError listing every problem. */
export function parseProfile(input: unknown, source?: Source): ProfileInput {
  const result = profileSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues
    .flatMap((issue) => issueToProblems(issue, knownKeys))
    .map((p) => (source ? locate(p, source) : p));
  throw new ProfileError(sortProblems(problems));
}

/** Sorts by file, line, column, then path, so output is stable and follows the file. */
export function sortProblems(problems: readonly ProfileProblem[]): ProfileProblem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.path.localeCompare(b.path),
  );
}

/** Adds file:line:col to a problem from the YAML node at its path (or its nearest ancestor). */
export function locate(problem: ProfileProblem, source: Source): ProfileProblem {
  const path = parsePath(problem.path);
  let node: unknown = source.doc.contents;
  let offset: number | undefined = rangeStart(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  if (offset === undefined) return { ...problem, file: source.file };
  const pos = source.lines.linePos(offset);
  return { ...problem, file: source.file, line: pos.line, column: pos.col };
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}

/** Inverse of formatPath. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Field names allowed at a path of the profile schema (for "did you mean"). */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = profileSchema;
  for (const key of path) {
    schema = unwrap(schema);
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === 'object') schema = (def.shape as Record<string, z.ZodType>)[String(key)];
    else if (def.type === 'record') schema = def.valueType as z.ZodType;
    else if (def.type === 'array') schema = def.element as z.ZodType;
    else return [];
    if (!schema) return [];
  }
  schema = unwrap(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (;;) {
    const def = (s as unknown as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def) return s;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') s = def.innerType as z.ZodType;
    else if (def.type === 'pipe') s = def.in as z.ZodType;
    else return s;
  }
}

export { formatPath };
