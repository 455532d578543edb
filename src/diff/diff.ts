/**
 * `diff`: synthesizes the working tree's profile and a base, and compares the Terraform object by object.
 * The base is either a git ref (a temporary detached worktree whose copy of the same profile path is
 * synthesized in this process with the current code, then removed) or an existing synth output directory
 * (`cdktf.out`-like: `stacks/<stack>/cdk.tf.json`). Both sides use the same projectDir, so state and
 * kubeconfig paths do not show as changes.
 *
 * TODO(gitops): Kubernetes objects are not compared yet. synth writes no GitOps tree, so there is nothing
 * on the working-tree side. When it does, read both sides' `gitops/` (beside `cdktf.out`), key objects by
 * `apiVersion/kind/namespace/name`, and feed them to `compareValues` like Terraform objects.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors';
import { synthStacks } from '../synth/synth';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderText } from './render-text';
import { diffStacks, type StackDiff } from './tf-diff';

export type { Flag, FlagKind, Severity } from './replacement';
export type { Action, ObjectDiff, StackDiff, StackSummary } from './tf-diff';
export type { AttributeChange } from './values';

export interface DiffOptions {
  /** Profile file of the working tree (relative to the current directory). */
  readonly profile: string;
  /** Git ref to compare against. @default 'HEAD' (when baseDir is not given) */
  readonly base?: string;
  /** An existing synth output directory to compare against instead of a git ref. @default - none */
  readonly baseDir?: string;
  /** Directory that output paths are relative to, the same for both sides. @default process.cwd() */
  readonly projectDir?: string;
}

export interface DiffResult {
  /** The profile as given. */
  readonly profile: string;
  /** What it was compared against: the git ref, or the base directory as given. */
  readonly base: string;
  /** True when any stack has a change (exit code 2). */
  readonly changed: boolean;
  /** Every stack of either side, by name. */
  readonly stacks: readonly StackDiff[];
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
  const after = (await synthStacks({ profile: options.profile, projectDir })).stacks;
  const base = options.baseDir === undefined ? await synthAtRef(options.profile, options.base ?? 'HEAD', projectDir) : readSynthDir(options.baseDir);
  const stacks = diffStacks(base.stacks, after);
  return {
    profile: options.profile,
    base: options.baseDir ?? options.base ?? 'HEAD',
    changed: stacks.some((s) => s.objects.length > 0),
    stacks,
    notes: base.notes,
  };
}

interface Side { stacks: Record<string, unknown>; notes: string[] }

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
  const tmp = mkdtempSync(join(tmpdir(), 'homelab-diff-base-'));
  try {
    git(['worktree', 'add', '--detach', tmp, ref], top);
    const baseFile = join(tmp, rel);
    if (!existsSync(baseFile)) return { stacks: {}, notes: [`${rel} does not exist at ${ref}: everything is new`] };
    try {
      return { stacks: (await synthStacks({ profile: baseFile, projectDir })).stacks, notes: [] };
    } catch (err) {
      if ((err as Error).name !== 'ProfileError') throw err;
      throw new DiffError(`the profile at ${ref} does not load:\n${(err as Error).message}`);
    }
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tmp], { cwd: top });
    rmSync(tmp, { recursive: true, force: true });
  }
}
