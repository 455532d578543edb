/**
 * Output trees are written into staging folders beside their targets, then swapped in by one journaled
 * commit (journal.ts). This file decides the renames: what of an existing tree is carried over (Terraform's
 * `.terraform/` and lock file, SOPS-encrypted secrets, the user's own files) and which old trees are kept
 * as backups until the commit is complete.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Step } from './journal';
import { planCarryOver, writeManifest } from './ownership';

/** Decides from a path relative to the tree whether an existing file or folder is kept across runs. */
export type KeepRule = (relativePath: string) => boolean;

/** `cdktf.out`: `stacks/<stack>/.terraform` and `.terraform.lock.hcl`. */
export const keepTerraformFiles: KeepRule = (rel) => /^stacks\/[^/]+\/(\.terraform|\.terraform\.lock\.hcl)$/.test(rel);

/** GitOps trees: secrets the user encrypted with SOPS (`*.sops.yaml`). */
export const keepSopsFiles: KeepRule = (rel) => /\.sops\.ya?ml$/.test(rel);

/** Where the Flux bootstrap exports the pinned Flux components, relative to a tree (the user's file, never synth's). */
export const FLUX_COMPONENTS_FILE = 'flux/flux-system/gotk-components.yaml';

/** GitOps trees: SOPS files and the exported Flux components, carried over silently. */
export const keepGitopsFiles: KeepRule = (rel) => keepSopsFiles(rel) || rel === FLUX_COMPONENTS_FILE;

/** A fresh temporary directory beside `target` (same filesystem, so rename is atomic). */
export function stagingDir(target: string): string {
  mkdirSync(dirname(target), { recursive: true });
  return mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
}

/** A fresh temporary file name beside `target` (its folder is made). */
export function stagingFile(target: string): string {
  mkdirSync(dirname(target), { recursive: true });
  return join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString('hex')}`);
}

/** Removes a staging directory after a failed run. */
export function discardDir(staged: string): void {
  rmSync(staged, { recursive: true, force: true });
}

/** One output, staged and ready to be swapped in. */
export interface StagedOutput {
  readonly kind: 'tree' | 'file';
  readonly target: string;
  readonly staged: string;
  /** Project-relative name, for messages. */
  readonly display: string;
  /** Trees: entries carried over silently. @default - none */
  readonly keep?: KeepRule;
}

export interface OutputPlan {
  readonly steps: readonly Step[];
  /** Previous trees and files, removed once the commit is complete. */
  readonly cleanup: readonly string[];
  /** The user's files carried over (project-relative). */
  readonly kept: readonly string[];
  /** The user's files left out with `prune`. */
  readonly pruned: readonly string[];
}

/** Writes each staged tree's manifest and plans the renames of the commit (nothing is renamed yet). */
export function planOutputs(outputs: readonly StagedOutput[], options: { prune?: boolean; force?: boolean } = {}): OutputPlan {
  const steps: Step[] = [];
  const cleanup: string[] = [];
  const kept: string[] = [];
  const pruned: string[] = [];
  for (const o of outputs) {
    if (o.kind === 'tree') {
      const generated = new Set(writeManifest(o.staged));
      const carry = planCarryOver(o.target, o.staged, generated, { keep: o.keep ?? (() => false), prune: options.prune, force: options.force, display: o.display });
      steps.push(...carry.moves.map(([from, to]) => ({ from, to })));
      kept.push(...carry.kept);
      pruned.push(...carry.pruned);
    }
    if (existsSync(o.target)) {
      const backup = `${o.staged}.old`;
      steps.push({ from: o.target, to: backup });
      cleanup.push(backup);
    }
    steps.push({ from: o.staged, to: o.target });
  }
  return { steps, cleanup, kept, pruned };
}
