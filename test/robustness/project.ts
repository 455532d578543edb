/** Throw-away projects for the robustness suite: a profile copied in, sentinel files, and tree snapshots. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, lstatSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profilePath } from '../support/paths';

export interface Project {
  readonly dir: string;
  /** Absolute path of the profile inside the project (`profiles/lab.yaml`). */
  readonly profile: string;
}

/** A project with `profiles/lab.yaml` (a copy of a shipped profile, edited), a README and a `.git` folder. */
export function makeProject(name: string, edit?: (text: string) => string): Project {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-robust-'));
  mkdirSync(join(dir, 'profiles'));
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(dir, 'README.md'), '# my lab\n');
  const profile = join(dir, 'profiles', 'lab.yaml');
  const text = readFileSync(profilePath(name), 'utf8');
  const edited = edit ? edit(text) : text;
  if (edit && edited === text) throw new Error(`the edit of ${name} changed nothing`);
  writeFileSync(profile, edited);
  return { dir, profile };
}

/** Every entry under `dir` (files with their content, folders, links) by relative path. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const p = join(dir, rel);
    const st = lstatSync(p);
    out[rel] = st.isSymbolicLink() ? `-> ${readlinkSync(p)}` : st.isDirectory() ? '<dir>' : readFileSync(p, 'utf8');
  }
  return out;
}

/** Entries of `dir` (recursively) whose name looks like synth's staging or journal. */
export function leftovers(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tmp-|\.homelab-synth\.(journal|lock)/.test(f)).sort();
}

/** Asserts two snapshots are equal, naming the entries that differ (not dumping whole files). */
export function assertSameTree(actual: Record<string, string>, expected: Record<string, string>, what = 'tree'): void {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  const differ = keys.filter((k) => actual[k] !== expected[k]).map((k) => `${k}: ${k in actual ? (k in expected ? 'changed' : 'added') : 'missing'}`);
  if (differ.length) throw new Error(`${what} differs: ${differ.slice(0, 20).join('; ')}${differ.length > 20 ? ` (+${differ.length - 20})` : ''}`);
}

/** Whether two snapshots are equal. */
export const sameTree = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
