/**
 * `diff`: synthesizes the working tree's profile and a base, and compares the Terraform object by object.
 * The base is either a git ref (a temporary detached worktree whose copy of the same profile path is
 * synthesized in this process with the current code, then removed) or an existing synth output directory
 * (`cdktf.out`-like: `stacks/<stack>/cdk.tf.json`). Both sides use the same projectDir, so state and
 * kubeconfig paths do not show as changes.
 *
 * Kubernetes objects: each cluster with a `gitops` section is rendered in memory on both sides (k8s-objects.ts)
 * and compared object by object (k8s-diff.ts). With `baseDir`, the base objects are read from the trees
 * `homelab synth` wrote beside that directory (`<baseDir>/../<gitops.path>`), for the working tree's clusters.
 */
import { kubeClusters } from '../model/kube-clusters';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors';
import { loadValidLab, stateDir, synthStacks } from '../synth/synth';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderText } from './render-text';
import { type ClusterDiff, diffClusters } from './k8s-diff';
import { type K8sSide, readTree, renderedSides } from './k8s-objects';
import { moveNotes, stackMoves } from './stack-moves';
import { diffStacks, isChange, type StackDiff } from './tf-diff';
import { stackGraph } from '../model/split';
import { baseCacheDir, baseKey, readBase, writeBase } from './base-cache';
import type { Lab } from '../model/types';

export type { Flag, FlagKind, Severity } from './replacement';
export type { Action, ObjectDiff, StackDiff, StackSummary } from './tf-diff';
export type { AttributeChange } from './values';
export type { ClusterDiff, ClusterSummary, K8sAction, K8sObjectDiff } from './k8s-diff';

export interface DiffOptions {
  /** Profile file of the working tree (relative to the current directory). */
  readonly profile: string;
  /** Git ref to compare against. @default 'HEAD' (when baseDir is not given) */
  readonly base?: string;
  /** An existing synth output directory to compare against instead of a git ref, relative to the project (CLI `--base-dir`). @default - none */
  readonly baseDir?: string;
  /** Directory that output paths (and `baseDir`) are relative to, the same for both sides (CLI `--project`). @default process.cwd() */
  readonly projectDir?: string;
}

export interface DiffResult {
  /** The profile as given. */
  readonly profile: string;
  /** What it was compared against: the git ref, or the base directory as given. */
  readonly base: string;
  /** Flags that make the change an error (exit code 1): VERSION SKIP. */
  readonly errors?: number;
  /** True when any stack or cluster has a change (exit code 2). */
  readonly changed: boolean;
  /** Every stack of either side, by name. */
  readonly stacks: readonly StackDiff[];
  /**
   * Stacks with a change, in the working tree's apply order (stacks that exist only in the base last): the
   * stacks CI needs to plan (src/model/split.ts).
   */
  readonly changedStacks: readonly string[];
  /** The Kubernetes objects of every cluster with a GitOps tree on either side, by cluster name. */
  readonly clusters: readonly ClusterDiff[];
  readonly notes: readonly string[];
}

/** The base could not be read (git failed, unknown ref, not a synth output directory); exit code 1. */
export class DiffError extends Error {
  override readonly name = 'DiffError';
}

export type Format = 'text' | 'markdown' | 'json';

export function render(result: DiffResult, format: Format): string[] {
  return format === 'json' ? renderJson(result) : format === 'markdown' ? renderMarkdown(result) : renderText(result);
}

export async function diff(options: DiffOptions): Promise<DiffResult> {
  if (options.base !== undefined && options.baseDir !== undefined) throw new UsageError('give either --base or --base-dir, not both');
  const projectDir = resolve(options.projectDir ?? process.cwd());
  // The same rules as synth: a profile synth refuses gives no diff (ValidationError, exit 1 with the findings).
  const { lab } = loadValidLab(options.profile, undefined, { projectDir });
  const head = await synthStacks({ profile: options.profile, projectDir, lab });
  const base = options.baseDir === undefined ? await synthAtRef(options.profile, options.base ?? 'HEAD', projectDir) : readSynthDir(resolve(projectDir, options.baseDir));
  const stacks = diffStacks(base.stacks, head.stacks);
  const notes = [...base.notes];
  if (options.baseDir !== undefined && !(head.lab.name in base.stacks)) {
    notes.push(`warning: ${options.baseDir} was synthesized from another lab (stacks ${Object.keys(base.stacks).join(', ')}; this profile's lab is "${head.lab.name}"): every object shows as added or removed`);
  }
  // Moves between stacks of one lab (a changed `stacks:` mode); another lab's stacks share no state with this one.
  if (head.lab.name in base.stacks) notes.push(...moveNotes(stackMoves(stacks)));
  const baseClusters = base.clusters ? base.clusters : base.lab ? await renderedSides(base.lab) : options.baseDir !== undefined ? readBaseTrees(head.lab, resolve(projectDir, options.baseDir), notes) : new Map();
  const clusters = diffClusters(baseClusters, await renderedSides(head.lab));
  return {
    profile: options.profile,
    base: options.baseDir ?? options.base ?? 'HEAD',
    errors: stacks.flatMap((s) => s.flags).filter((f) => f.kind === 'version-skip').length,
    changed: stacks.some(stackChanged) || clusters.some((c) => c.objects.length > 0),
    stacks,
    changedStacks: inApplyOrder(stacks.filter(stackChanged).map((s) => s.name), head.lab),
    clusters,
    notes,
  };
}

const stackChanged = (s: StackDiff) => s.objects.some(isChange) || s.flags.length > 0;

function inApplyOrder(names: readonly string[], lab: Lab): string[] {
  const order = stackGraph(lab).map((s) => s.name);
  const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The base side: Terraform by stack, and the lab when it was synthesized here (git ref). */
interface Side { stacks: Record<string, unknown>; notes: string[]; lab?: Lab; clusters?: Map<string, K8sSide> }

/** Base objects of the working tree's GitOps clusters, from the trees synth wrote beside `baseDir`. */
/** The GitOps trees `homelab synth` wrote beside `baseDir` (its parent is the base project, as documented). */
function readBaseTrees(lab: Lab, baseDir: string, notes: string[]): Map<string, K8sSide> {
  const projectDir = resolve(baseDir, '..');
  const out = new Map<string, K8sSide>();
  for (const c of kubeClusters(lab)) {
    if (!c.gitops) continue;
    const objects = readTree(projectDir, c.gitops.path);
    if (!objects) notes.push(`${join(projectDir, c.gitops.path)} does not exist: every Kubernetes object of cluster ${c.name} is new`);
    out.set(c.name, { objects: objects ?? new Map(), crdProviders: new Set() });
  }
  return out;
}

/** Reads `<dir>/stacks/<stack>/cdk.tf.json` of an existing synth output. */
export function readSynthDir(dir: string): Side {
  const stacksDir = join(dir, 'stacks');
  const names = existsSync(stacksDir) ? readdirSync(stacksDir).filter((n) => existsSync(join(stacksDir, n, 'cdk.tf.json'))).sort() : [];
  if (names.length === 0) throw new DiffError(`${dir} is not a synth output directory (no stacks/<stack>/cdk.tf.json)`);
  const stacks: Record<string, unknown> = {};
  for (const name of names) {
    try {
      stacks[name] = JSON.parse(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8'));
    } catch (err) {
      throw new DiffError(`${join(stacksDir, name, 'cdk.tf.json')}: ${(err as Error).message}`);
    }
  }
  return { stacks, notes: [] };
}

function git(args: readonly string[], cwd: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new DiffError(`could not run git: ${r.error.message}`);
  if (r.status !== 0) throw new DiffError(`git ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  return r.stdout.trim();
}

/** Synthesizes the same profile path as it is at `ref`, from a temporary detached worktree. */
async function synthAtRef(profile: string, ref: string, projectDir: string): Promise<Side> {
  const file = resolve(profile);
  if (!existsSync(file)) throw new DiffError(`profile ${profile} not found`);
  const top = realpathSync(git(['rev-parse', '--show-toplevel'], dirname(file)));
  const rel = relative(top, realpathSync(file));
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    throw new DiffError(`unknown git ref "${ref}" in ${top}`);
  }
  // The base's state files are where the working tree's profile keeps them (not in the temporary worktree).
  // Files the profile names (app manifests) are read as they are at the ref.
  const inRepo = relative(top, existsSync(projectDir) ? realpathSync(projectDir) : projectDir);
  const filesAtRef = !(inRepo.startsWith('..') || isAbsolute(inRepo));
  const state = stateDir({ profile }, projectDir);
  // A base synthesized before from the same content, environment and homelab (src/diff/base-cache.ts).
  const cacheDir = baseCacheDir(top);
  const key = cacheDir ? baseKey({ top, ref, profile: rel, projectDir, filesDir: filesAtRef ? `<ref>/${inRepo}` : projectDir, stateDir: state }) : undefined;
  const cached = cacheDir && key ? readBase(cacheDir, key) : undefined;
  if (cached) return cached;
  const tmp = mkdtempSync(join(tmpdir(), 'homelab-diff-base-'));
  try {
    git(['worktree', 'add', '--detach', tmp, ref], top);
    const baseFile = join(tmp, rel);
    if (!existsSync(baseFile)) return { stacks: {}, notes: [`${rel} does not exist at ${ref}: everything is new`] };
    try {
      const filesDir = filesAtRef ? join(tmp, inRepo) : projectDir;
      const { stacks, lab } = await synthStacks({ profile: baseFile, projectDir, filesDir, stateDir: state });
      const clusters = await renderedSides(lab);
      if (cacheDir && key) writeBase(cacheDir, key, { stacks, clusters, notes: [] });
      return { stacks, lab, clusters, notes: [] };
    } catch (err) {
      if ((err as Error).name !== 'ProfileError') throw err;
      throw new DiffError(`the profile at ${ref} does not load:\n${(err as Error).message}`);
    }
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tmp], { cwd: top });
    rmSync(tmp, { recursive: true, force: true });
  }
}
