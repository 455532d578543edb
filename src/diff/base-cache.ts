/**
 * Cache of the base side of `homelab diff <ref>`: the Terraform JSON by stack and the rendered Kubernetes
 * objects of the profile as it is at a git ref, so a second diff against the same ref does not synthesize it
 * again (diff runs on every pull request; the base is usually the same main commit).
 *
 * Where: inside the repository's git directory, `<git common dir>/homelab/diff-base/<key>.json` — never
 * committed, never in the working tree (no .gitignore entry needed), shared by the repository's worktrees,
 * gone with the clone. At most MAX_ENTRIES files are kept (the oldest go).
 *
 * The key is a SHA-256 of everything the base synthesis reads:
 * - the tree id of the ref (`git rev-parse <ref>^{tree}`): the content of every file at the ref — the profile,
 *   its includes and the app manifests it names;
 * - the profile's path in the repository, the project, files and state directories (paths in the output);
 * - the value of every environment variable a YAML file at the ref references with `${env:NAME}`;
 * - the tool: homelab's version, the Node.js version and a digest of the compiled code (size and mtime of every
 *   file under dist/src and dist/stacks), so a rebuilt homelab never reads an older homelab's base.
 * A profile written in code (.ts/.js) is never cached (it may read anything). An entry that does not parse or
 * whose stored key differs is ignored. HOMELAB_DIFF_CACHE=0 switches the cache off.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { K8sEntry, K8sSide } from './k8s-objects';

/** Entries kept per repository. */
export const MAX_ENTRIES = 16;
const FORMAT = 1;

export interface CachedBase {
  readonly stacks: Record<string, unknown>;
  readonly clusters: Map<string, K8sSide>;
  readonly notes: string[];
}

export interface BaseKeyInput {
  /** The repository's top folder. */
  readonly top: string;
  readonly ref: string;
  /** The profile's path relative to `top`. */
  readonly profile: string;
  readonly projectDir: string;
  readonly filesDir: string;
  readonly stateDir: string;
  readonly env?: NodeJS.ProcessEnv;
}

function git(args: readonly string[], cwd: string): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : undefined;
}

/** The cache folder of the repository at `top`, or undefined when the cache is off or git has none. */
export function baseCacheDir(top: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.HOMELAB_DIFF_CACHE === '0') return undefined;
  const common = git(['rev-parse', '--git-common-dir'], top)?.trim();
  if (!common) return undefined;
  return join(isAbsolute(common) ? common : resolve(top, common), 'homelab', 'diff-base');
}

let toolDigest: string | undefined;
/** homelab's version, Node's version and the size and mtime of every compiled file of homelab. */
export function toolFingerprint(): string {
  if (toolDigest) return toolDigest;
  const root = resolve(__dirname, '..', '..', '..');
  const hash = createHash('sha256').update(process.version);
  try {
    hash.update(readFileSync(join(root, 'package.json')));
  } catch {
    hash.update('no package.json');
  }
  for (const dir of ['dist/src', 'dist/stacks', 'dist/charts', 'dist/.gen']) {
    let files: string[];
    try {
      files = (readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.js')).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const st = statSync(join(root, dir, f));
      hash.update(`${dir}/${f}\0${st.size}\0${st.mtimeMs}\n`);
    }
  }
  toolDigest = hash.digest('hex');
  return toolDigest;
}

/** The cache key of a base synthesis, or undefined when it cannot be cached. */
export function baseKey(input: BaseKeyInput): string | undefined {
  if (/\.(ts|js|mjs|cjs)$/.test(input.profile)) return undefined;
  const tree = git(['rev-parse', '--verify', '--quiet', `${input.ref}^{tree}`], input.top)?.trim();
  if (!tree) return undefined;
  // ${env:NAME} in any YAML file of the ref (the profile and whatever it includes).
  const grep = spawnSync('git', ['grep', '-h', '-o', '-I', '-E', '\\$\\{env:[A-Za-z_][A-Za-z0-9_]*', tree, '--', '*.yaml', '*.yml'], { cwd: input.top, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (grep.status !== 0 && grep.status !== 1) return undefined;
  const names = [...new Set(grep.stdout.split('\n').filter(Boolean).map((l) => l.slice(l.indexOf('${env:') + 6)))].sort();
  const env = input.env ?? process.env;
  const hash = createHash('sha256');
  hash.update(JSON.stringify({
    format: FORMAT,
    tree,
    profile: input.profile,
    projectDir: input.projectDir,
    filesDir: input.filesDir,
    stateDir: input.stateDir,
    env: names.map((n) => [n, env[n] === undefined ? null : createHash('sha256').update(env[n]!).digest('hex')]),
    tool: toolFingerprint(),
  }));
  return hash.digest('hex');
}

interface StoredBase {
  readonly format: number;
  readonly key: string;
  readonly stacks: Record<string, unknown>;
  readonly clusters: [string, { objects: [string, K8sEntry][]; crdProviders: string[] }][];
  readonly notes: string[];
}

/** The cached base for `key`, or undefined (missing, damaged, or stored under another key). */
export function readBase(dir: string, key: string): CachedBase | undefined {
  let stored: StoredBase;
  try {
    stored = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as StoredBase;
  } catch {
    return undefined;
  }
  if (stored?.format !== FORMAT || stored.key !== key || typeof stored.stacks !== 'object' || !Array.isArray(stored.clusters)) return undefined;
  const clusters = new Map<string, K8sSide>(stored.clusters.map(([name, side]) => [name, { objects: new Map(side.objects), crdProviders: new Set(side.crdProviders) }]));
  return { stacks: stored.stacks, clusters, notes: stored.notes ?? [] };
}

/** Stores a base (atomically: a temporary file, then rename) and drops the oldest entries beyond MAX_ENTRIES. */
export function writeBase(dir: string, key: string, base: CachedBase): void {
  try {
    mkdirSync(dir, { recursive: true });
    const stored: StoredBase = {
      format: FORMAT,
      key,
      stacks: base.stacks,
      clusters: [...base.clusters].map(([name, side]) => [name, { objects: [...side.objects], crdProviders: [...side.crdProviders] }]),
      notes: base.notes,
    };
    const tmp = join(dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, join(dir, `${key}.json`));
    const entries = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const old of entries.slice(MAX_ENTRIES)) rmSync(join(dir, old.f), { force: true });
  } catch {
    // A cache that cannot be written only makes the next diff slower.
  }
}
