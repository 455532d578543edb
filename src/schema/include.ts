/**
 * Profiles in several files: `include:` lists YAML files or directories (every *.yaml / *.yml in it, by
 * name), relative to the including file. Each included file has the profile's shape and is merged in list
 * order: maps merge key by key; the same key with a non-map value in two files is an error naming both.
 * Included files must be regular files inside the project: the current directory when the profile is in it,
 * else the root profile's folder (symbolic links are followed before the check).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ProfileError, type ProfileProblem } from '../errors';
import { formatPath } from './issues';
import { contentStart, locateIn, parsePath, positionOf, readYamlFile, renameSource, yamlData, type ReadBy, type SourceFile } from './yaml-source';

export interface ProfileSources {
  readonly root: SourceFile;
  readonly files: ReadonlyMap<string, SourceFile>;
  /** Field path -> file that defined it (the longest recorded prefix wins). */
  readonly origins: ReadonlyMap<string, string>;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

const realOf = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : `${parent}${sep}`);

/** The folder includes must stay in: the project (or else the current directory) when it holds the profile, else the profile's folder. */
export function includeBoundary(rootFile: string, projectDir?: string): string {
  const root = realOf(resolve(rootFile));
  for (const dir of [projectDir, process.cwd()]) {
    if (dir === undefined) continue;
    const real = realOf(resolve(dir));
    if (within(root, real)) return real;
  }
  return dirname(root);
}

function expand(entry: string, from: string, by: ReadBy, boundary: string): string[] {
  const path = resolve(dirname(from), entry);
  const real = realOf(path);
  if (!within(real, boundary)) {
    throw new ProfileError([{ ...by, message: `include "${entry}" resolves to ${real}, outside the project ${boundary}`, fix: 'include only files inside the project (copy the file in)' }]);
  }
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [path]; // reported as unreadable by readYamlFile, at the include line
  }
  if (!stat.isDirectory()) return [path];
  const files = readdirSync(path).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f)).filter((f) => statSync(f).isFile());
  // A file of an included folder may itself be a link out of the project.
  for (const f of files) {
    const target = realOf(f);
    if (!within(target, boundary)) {
      throw new ProfileError([{ ...by, message: `include "${entry}" holds ${f}, which resolves to ${target}, outside the project ${boundary}`, fix: 'include only files inside the project (copy the file in)' }]);
    }
  }
  return files;
}

/** Reads a profile and everything it includes; returns the merged object and where each part came from. */
export function readProfileSources(file: string, options: { projectDir?: string } = {}): { data: Plain; sources: ProfileSources } {
  const files = new Map<string, SourceFile>();
  const origins = new Map<string, string>();
  const problems: ProfileProblem[] = [];
  const display = (f: string) => relative(process.cwd(), f) || f;
  const rootPath = resolve(file);
  const boundary = includeBoundary(rootPath, options.projectDir);

  const load = (path: string, by?: ReadBy): Plain => {
    const source = readYamlFile(path, by);
    files.set(source.file, source);
    const data = yamlData(source);
    if (isPlain(data)) return data;
    const what = data === null || data === undefined ? 'holds no fields (only comments)' : Array.isArray(data) ? 'is a list' : 'is a single value';
    const start = contentStart(source);
    const pos = start !== undefined ? positionOf(source, start) : { line: 1, col: 1 };
    throw new ProfileError([{ path: '', file: display(path), line: pos.line, column: pos.col, message: `the file ${what}; a profile${by ? ' part' : ''} must be a mapping of fields`, fix: by ? 'write the included fields as a mapping (e.g. vms: ...), or remove the include' : 'start the profile with name: and hosts:' }]);
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
        // Not recorded for any prefix: the root profile defined it.
        const first = originOf(formatPath(p), origins) ?? rootPath;
        problems.push(locateIn({ path: formatPath(p), message: `defined in both ${display(first)} and ${display(file)}`, fix: 'keep it in one file' }, files.get(file)!));
      }
    }
  };

  const data = load(rootPath);
  const root = files.get(rootPath)!;
  const seen = new Set([rootPath]);
  const queue: { entry: string; from: string; index: number }[] = includesOf(data).map((entry, index) => ({ entry, from: rootPath, index }));
  while (queue.length > 0) {
    const { entry, from, index } = queue.shift()!;
    const located = locateIn({ path: `include[${index}]`, message: '' }, files.get(from)!);
    const by: ReadBy = { file: display(from), line: located.line, column: located.column, path: from === rootPath ? `include[${index}]` : '' };
    for (const path of expand(entry, from, by, boundary)) {
      if (seen.has(path)) continue;
      seen.add(path);
      const part = load(path, by);
      queue.push(...includesOf(part).map((e, i) => ({ entry: e, from: path, index: i })));
      delete part.include;
      merge(data, part, [], path);
    }
  }
  if (problems.length) throw new ProfileError(problems);
  return { data, sources: { root: renameSource(root, display(root.file)), files, origins } };
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
