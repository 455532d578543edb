/**
 * Replaces an output directory atomically: the new tree is written next to it, then swapped in with
 * renames. A failure before the swap leaves the previous output untouched. Files the user owns inside
 * the tree (Terraform's `.terraform/` and lock file, SOPS-encrypted secrets) are carried over.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors';

/** Decides from a path relative to the tree whether an existing file or folder is kept across runs. */
export type KeepRule = (relativePath: string) => boolean;

/** `cdktf.out`: `stacks/<stack>/.terraform` and `.terraform.lock.hcl`. */
export const keepTerraformFiles: KeepRule = (rel) => /^stacks\/[^/]+\/(\.terraform|\.terraform\.lock\.hcl)$/.test(rel);

/** GitOps trees: secrets the user encrypted with SOPS (`*.sops.yaml`). */
export const keepSopsFiles: KeepRule = (rel) => /\.sops\.ya?ml$/.test(rel);

/** A fresh temporary directory beside `target` (same filesystem, so rename is atomic). */
export function stagingDir(target: string): string {
  mkdirSync(dirname(target), { recursive: true });
  return mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
}

/** Swaps `staged` in as `target`, carrying over what `keep` selects; removes `staged` on failure. */
export function commitDir(staged: string, target: string, keep: KeepRule = keepTerraformFiles): void {
  const moved: [string, string][] = [];
  try {
    for (const rel of kept(target, '', keep)) {
      const to = join(staged, rel);
      mkdirSync(dirname(to), { recursive: true });
      if (existsSync(to)) rmSync(to, { recursive: true, force: true });
      renameSync(join(target, rel), to);
      moved.push([join(target, rel), to]);
    }
    const old = existsSync(target) ? `${staged}.old` : undefined;
    if (old) renameSync(target, old);
    try {
      renameSync(staged, target);
    } catch (err) {
      if (old) renameSync(old, target);
      throw err;
    }
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (err) {
    for (const [from, to] of moved.reverse()) if (existsSync(to)) renameSync(to, from);
    rmSync(staged, { recursive: true, force: true });
    throw new OutputError(`could not write ${target}: ${(err as Error).message}`);
  }
}

/** Removes a staging directory after a failed run. */
export function discardDir(staged: string): void {
  rmSync(staged, { recursive: true, force: true });
}

/** Relative paths under `root` that `keep` selects (a selected folder is not descended into). */
export function kept(root: string, rel: string, keep: KeepRule): string[] {
  const dir = join(root, rel);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (keep(path)) out.push(path);
    else if (entry.isDirectory()) out.push(...kept(root, path, keep));
  }
  return out.sort();
}
