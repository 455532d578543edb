/**
 * Reads a profile (YAML, possibly across included files, or a plain object), validates it with zod and
 * reports every problem with its field path, the fix and, for files, file:line:column. The only place
 * that sees raw profile input.
 */
import type { z } from 'zod';
import { ProfileError, type ProfileProblem } from '../errors';
import { coerceWholeEnvValues, envExample, substituteEnv, type Env } from './env';
import { locateProblem, readProfileSources, type ProfileSources } from './include';
import { formatPath, issueToProblems } from './issues';
import { profileSchema, type ProfileInput } from './profile';
import { parseYaml, yamlData } from './yaml-source';

/** A validated profile and where it came from (for locating later problems). */
export interface LoadedProfile {
  readonly profile: ProfileInput;
  readonly source?: Source;
}

/** The files a profile was read from (root and includes), for locating problems. */
export type Source = ProfileSources;

/** Reads and validates a profile file. Throws ProfileError listing every problem. */
export function loadProfileFile(file: string): ProfileInput {
  return readProfileFile(file).profile;
}

/** Like loadProfileFile, and keeps the parsed YAML so problems found later can be given a line. */
export function readProfileFile(file: string, options: { projectDir?: string } = {}): LoadedProfile {
  const { data, sources } = readProfileSources(file, options);
  return { profile: parseProfile(data, sources), source: sources };
}

/** Parses YAML text as a profile (no includes); `file` is used in messages only. */
export function parseProfileText(text: string, file = '<profile>'): ProfileInput {
  const root = parseYaml(text, file);
  const sources: ProfileSources = { root, files: new Map([[file, root]]), origins: new Map() };
  return parseProfile(yamlData(root), sources);
}

/** Validates a profile object (e.g. built by code). Throws ProfileError listing every problem. */
export function parseProfile(input: unknown, sources?: ProfileSources, env: Env = process.env): ProfileInput {
  const locate = (problems: ProfileProblem[]) => sortProblems(sources ? problems.map((p) => locateProblem(p, sources)) : problems);
  const { data, whole, missing } = substituteEnv(input, env);
  if (missing.length > 0) throw new ProfileError(locate([...missing]));
  let result = profileSchema.safeParse(data, { reportInput: true });
  if (!result.success && whole.size > 0) {
    const coerced = coerceWholeEnvValues(data, result.error.issues, whole);
    if (coerced !== undefined) result = profileSchema.safeParse(coerced, { reportInput: true });
  }
  if (result.success) return result.data;
  throw new ProfileError(locate(result.error.issues.flatMap((issue) => issueToProblems(issue, knownKeys))));
}

/** The .envrc.example of a profile file (`homelab synth --print-env`): every `${env:...}` it uses, nothing resolved. */
export function printEnv(file: string): string {
  const { data, sources } = readProfileSources(file);
  return envExample(data, sources.root.file);
}

/** Runs `fn`; a ProfileError it throws gets file:line:col for each problem from `sources`. */
export function withPositions<T>(sources: ProfileSources | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!sources || !(err instanceof ProfileError)) throw err;
    throw new ProfileError(sortProblems(err.problems.map((p) => (p.line ? p : locateProblem(p, sources)))));
  }
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

/** Field names allowed at a path of the profile schema (for "did you mean"). */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  let schemas: z.ZodType[] = [profileSchema];
  for (const key of path) {
    schemas = schemas.flatMap(options).flatMap((s) => {
      const def = defOf(s);
      if (def?.type === 'object') return (def.shape as Record<string, z.ZodType>)[String(key)] ?? [];
      if (def?.type === 'record') return [def.valueType as z.ZodType];
      if (def?.type === 'array') return [def.element as z.ZodType];
      return [];
    });
    if (schemas.length === 0) return [];
  }
  const keys = schemas.flatMap(options).flatMap((s) => {
    const def = defOf(s);
    return def?.type === 'object' ? Object.keys(def.shape as object) : [];
  });
  return [...new Set(keys)];
}

/** The unwrapped schema, or each option of a union (e.g. Talos or K3s clusters). */
function options(schema: z.ZodType): z.ZodType[] {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def?.type === 'union') return (def.options as z.ZodType[]).flatMap(options);
  return s ? [s] : [];
}

function defOf(schema: z.ZodType | undefined): Record<string, unknown> | undefined {
  return (schema as unknown as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  for (let def = defOf(s); def; def = defOf(s)) {
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') s = def.innerType as z.ZodType;
    else if (def.type === 'pipe') s = def.in as z.ZodType;
    else return s;
  }
  return s;
}

export { formatPath };
