/**
 * Replaces an output directory atomically: the new tree is written next to it, then swapped in with
 * renames. A failure before the swap leaves the previous output untouched. Terraform's working files
 * (`.terraform/`, `.terraform.lock.hcl`) of each stack are carried over so `terraform init` survives.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError } from '../errors';

const KEEP = ['.terraform', '.terraform.lock.hcl'];

/** A fresh temporary directory beside `target` (same filesystem, so rename is atomic). */
export function stagingDir(target: string): string {
  return mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
}

/** Swaps `staged` in as `target`; removes `staged` on failure. */
export function commitDir(staged: string, target: string): void {
  const moved: [string, string][] = [];
  try {
    moved.push(...carryOverTerraformFiles(target, staged));
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

function carryOverTerraformFiles(target: string, staged: string): [string, string][] {
  const moved: [string, string][] = [];
  const stacks = join(target, 'stacks');
  if (!existsSync(stacks)) return moved;
  for (const stack of readdirSync(stacks)) {
    const into = join(staged, 'stacks', stack);
    if (!existsSync(into)) continue;
    for (const name of KEEP) {
      const from = join(stacks, stack, name);
      if (!existsSync(from)) continue;
      renameSync(from, join(into, name));
      moved.push([from, join(into, name)]);
    }
  }
  return moved;
}
