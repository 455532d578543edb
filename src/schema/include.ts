/**
 * Profiles in several files: `include:` lists YAML files or directories (every *.yaml / *.yml in it, by
 * name), relative to the including file. Each included file has the profile's shape and is merged in list
 * order: maps merge key by key; the same key with a non-map value in two files is an error naming both.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ProfileError, type ProfileProblem } from '../errors';
import { formatPath } from './issues';
import { locateIn, parsePath, readYamlFile, type SourceFile } from './yaml-source';

export interface ProfileSources {
  readonly root: SourceFile;
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Field path -> file that defined it (the longest recorded prefix wins). */
  readonly origins: ReadonlyMap<string, string>;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

function expand(entry: string, from: string): string[] {
  const path = resolve(dirname(from), entry);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [path]; // reported as unreadable by readYamlFile
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f));
}

/** Reads a profile and everything it includes; returns the merged object and where each part came from. */
export function readProfileSources(file: string): { data: Plain; sources: ProfileSources } {
  const files = new Map<string, SourceFile>();
  const origins = new Map<string, string>();
  const problems: ProfileProblem[] = [];
  const display = (f: string) => relative(process.cwd(), f) || f;

  const load = (path: string, by?: string): Plain => {
    const source = readYamlFile(path, by);
    files.set(source.file, source);
    const data = source.doc.toJS({ maxAliasCount: 1000 }) ?? {};
    return isPlain(data) ? data : {};
  };

  const merge = (target: Plain, src: Plain, path: (string | number)[], file: string) => {
    for (const [key, value] of Object.entries(src)) {
      const p = [...path, key];
      if (!(key in target)) {
        target[key] = value;
        origins.set(formatPath(p), file);
      } else if (isPlain(target[key]) && isPlain(value)) {
        merge(target[key] as Plain, value, p, file);
      } else {
        const first = originOf(formatPath(p), origins) ?? file;
        problems.push(locateIn({ path: formatPath(p), message: `defined in both ${display(first)} and ${display(file)}`, fix: 'keep it in one file' }, files.get(file)!));
      }
    }
  };

  const rootPath = resolve(file);
  const data = load(rootPath);
  const root = files.get(rootPath)!;
  const seen = new Set([rootPath]);
  const queue: { entry: string; from: string }[] = includesOf(data).map((entry) => ({ entry, from: rootPath }));
  while (queue.length > 0) {
    const { entry, from } = queue.shift()!;
    for (const path of expand(entry, from)) {
      if (seen.has(path)) continue;
      seen.add(path);
      const part = load(path, display(from));
      queue.push(...includesOf(part).map((e) => ({ entry: e, from: path })));
      delete part.include;
      merge(data, part, [], path);
    }
  }
  if (problems.length) throw new ProfileError(problems);
  return { data, sources: { root: { ...root, file: display(root.file) }, files, origins } };
}

function includesOf(data: Plain): string[] {
  const inc = data.include;
  return Array.isArray(inc) ? inc.filter((x): x is string => typeof x === 'string') : [];
}

function originOf(path: string, origins: ReadonlyMap<string, string>): string | undefined {
  const parts = parsePath(path);
  for (let n = parts.length; n > 0; n--) {
    const file = origins.get(formatPath(parts.slice(0, n)));
    if (file) return file;
  }
  return undefined;
}

/** Locates a problem in the file that defined its field. */
export function locateProblem(problem: ProfileProblem, sources: ProfileSources): ProfileProblem {
  const file = originOf(problem.path, sources.origins);
  const source = (file && sources.files.get(file)) || sources.root;
  const located = locateIn(problem, source);
  return { ...located, file: source === sources.root ? sources.root.file : relative(process.cwd(), source.file) || source.file };
}
