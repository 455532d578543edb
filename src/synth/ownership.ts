/**
 * What synth owns inside an output tree: each tree it writes carries `.homelab-manifest.json`, the sorted
 * list of the files synth wrote. On the next synth a file of the tree that is not in that list is the
 * user's: it is carried over into the new tree and reported (or, with `prune`, left out and listed).
 * A file the user wrote where synth now generates one, or a file synth wrote that was edited since (its SHA-256
 * in the manifest no longer matches), stops synth unless `force` is given.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OutputError } from '../errors';
import type { KeepRule } from './write-atomic';

export const MANIFEST_FILE = '.homelab-manifest.json';

/** Files (and kept entries, as a unit) under `root`, relative with forward slashes, sorted. */
export function listTree(root: string, keep: KeepRule, rel = ''): string[] {
  const dir = join(root, rel);
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (keep(path) || !entry.isDirectory()) out.push(path);
    else out.push(...listTree(root, keep, path));
  }
  return out.sort();
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Writes the manifest of a staged tree (every file in it, with its SHA-256) and returns the list. */
export function writeManifest(staged: string): string[] {
  const files = listTree(staged, () => false).filter((f) => f !== MANIFEST_FILE);
  const hashes = Object.fromEntries(files.map((f) => [f, sha256(join(staged, f))]));
  const text = `${JSON.stringify({ generator: 'homelab synth', note: 'files written by homelab synth; other files here are yours and are kept', files, sha256: hashes }, null, 2)}\n`;
  writeFileSync(join(staged, MANIFEST_FILE), text);
  return files;
}

/** What a previous synth wrote into a tree: its files and, when recorded, their SHA-256 then. */
export interface Manifest {
  readonly files: ReadonlySet<string>;
  readonly sha256: Readonly<Record<string, string>>;
}

/** The manifest of `target`, or undefined when the tree has none (or it is unreadable). */
export function readManifest(target: string): Manifest | undefined {
  const file = join(target, MANIFEST_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown; sha256?: unknown };
    if (!Array.isArray(data.files)) return undefined;
    const hashes = typeof data.sha256 === 'object' && data.sha256 !== null ? (data.sha256 as Record<string, string>) : {};
    return { files: new Set(data.files.filter((f): f is string => typeof f === 'string')), sha256: hashes };
  } catch {
    return undefined;
  }
}

/** A file synth wrote that was changed since (its SHA-256 differs from the one recorded). */
/** Whether two paths name the same file (a hard link). */
function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [lstatSync(a), lstatSync(b)];
    return x.isFile() && x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
}

const editedSince = (m: Manifest, target: string, rel: string) => m.sha256[rel] !== undefined && m.sha256[rel] !== sha256(join(target, rel));

export interface CarryPlan {
  /** Renames (absolute from -> to) that carry the user's entries into the staged tree. */
  readonly moves: readonly (readonly [string, string])[];
  /** User files kept (project-relative). */
  readonly kept: readonly string[];
  /** User files left out with `prune` (removed with the old tree). */
  readonly pruned: readonly string[];
}

export interface CarryOptions {
  /** Entries always carried over silently (`.terraform/`, SOPS files). */
  readonly keep: KeepRule;
  /** Leave out files synth did not write. @default false */
  readonly prune?: boolean;
  /** Overwrite files the user wrote where synth generates one. @default false */
  readonly force?: boolean;
  /** Project-relative folder of the tree, for messages. */
  readonly display: string;
}

/**
 * Decides, for the existing tree `target`, which entries go into `staged` (whose generated files are
 * `generated`). Creates the parent folders of the moves in `staged`; renames nothing.
 */
export function planCarryOver(target: string, staged: string, generated: ReadonlySet<string>, options: CarryOptions): CarryPlan {
  if (!existsSync(target)) return { moves: [], kept: [], pruned: [] };
  if (!lstatSync(target).isDirectory()) {
    throw new OutputError(`${options.display} exists and is not a directory; move it away or choose another path`);
  }
  const manifest = readManifest(target);
  const moves: [string, string][] = [];
  const kept: string[] = [];
  const pruned: string[] = [];
  const conflicts: string[] = [];
  const edited: string[] = [];
  for (const rel of listTree(target, options.keep)) {
    if (rel === MANIFEST_FILE) continue;
    const shown = `${options.display}/${rel}`;
    const silent = options.keep(rel);
    if (!silent) {
      if (manifest?.files.has(rel)) {
        // Synth wrote it last time: replaced, unless someone edited it since (a file staged as a link to itself,
        // src/synth/reuse-file.ts, already has the new text: nothing of an edit would be lost).
        if (!options.force && !sameFile(join(target, rel), join(staged, rel)) && editedSince(manifest, target, rel)) edited.push(shown);
        continue;
      }
      if (generated.has(rel)) {
        // Without a manifest the tree predates ownership tracking: synth's files are replaced.
        if (manifest && !options.force) conflicts.push(shown);
        continue;
      }
      if (options.prune) {
        pruned.push(shown);
        continue;
      }
      kept.push(shown);
    }
    const to = join(staged, rel);
    mkdirSync(dirname(to), { recursive: true });
    moves.push([join(target, rel), to]);
  }
  if (edited.length) {
    throw new OutputError(`${edited.join(', ')}: written by homelab synth but changed since; synth would replace ${edited.length === 1 ? 'it' : 'them'}. Move your changes into the profile (or copy the file away), then run synth again, or run synth with --force to overwrite`);
  }
  if (conflicts.length) {
    throw new OutputError(`${conflicts.join(', ')}: not written by homelab synth, but synth generates a file there; move ${conflicts.length === 1 ? 'it' : 'them'} away, or run synth with --force to overwrite`);
  }
  return { moves, kept, pruned };
}

/** First lines of the inventory synth writes; a file without them is the user's. */
export const INVENTORY_MARK = 'Generated by `homelab inventory` from the profile; edit the profile, not this file.';

/** Whether synth may replace the inventory at `file`: absent, or written by synth (its mark), or forced. */
export function inventoryIsOurs(file: string): boolean {
  if (!existsSync(file)) return true;
  if (lstatSync(file).isDirectory()) throw new OutputError(`${file} is a directory; give --inventory a file name (e.g. docs/inventory.md)`);
  const head = readFileSync(file, 'utf8').slice(0, 4096).split('\n').slice(0, 4);
  return head.some((l) => l.trim() === INVENTORY_MARK);
}
