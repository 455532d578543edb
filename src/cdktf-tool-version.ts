/**
 * cdktf checks the Terraform version during synth (cdktf 0.21.0, lib/validations/validate-binary-version.js:
 * every `terraform_data` resource adds a "Terraform >= 1.4" validation that runs `terraform version` through a
 * shell). That is a process start per cluster per synth, the same answer every time for the same binary.
 *
 * This keeps cdktf's check and its messages, and remembers the output of the version command per binary: the
 * file the command's first word names on PATH, by real path, size and modification time. A different binary,
 * an updated one, or one not found on PATH runs the command as cdktf does. The answers are kept in the user's
 * compile cache folder (src/cli/compile-cache.ts), or only in memory when there is none. Owned by src/cdktf.ts.
 */
import { execSync } from 'node:child_process';
import { accessSync, constants, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { compileCacheDir } from './cli/compile-cache';

interface BinaryVersionCheck {
  binary: string;
  versionConstraint: string;
  versionCommand: string;
  hint?: string;
  validate(): string[];
}

const memory = new Map<string, string>();
let installed = false;

/** The executable `name` resolves to on PATH (or itself when it is a path), undefined when none. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = isAbsolute(name) || name.includes('/') ? [name] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      if (statSync(c).isFile()) return realpathSync(c);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Identity of the binary a simple command (`<binary> <args>`, no shell syntax) runs; undefined otherwise. */
export function commandKey(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!/^[\w./-]+( [\w.=-]+)*$/.test(command)) return undefined;
  const bin = onPath(command.split(' ')[0]!, env);
  if (!bin) return undefined;
  const st = statSync(bin);
  return `${bin}\0${st.size}\0${st.mtimeMs}\0${st.ino}\0${command}`;
}

function readStore(file: string | undefined): Record<string, string> {
  if (!file) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return data && typeof data === 'object' ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The output of `command`, from memory or the store when its binary is the same, else by running it. */
export function versionOutput(command: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = commandKey(command, env);
  if (key === undefined) return execSync(command, { stdio: 'pipe' }).toString();
  const hit = memory.get(key);
  if (hit !== undefined) return hit;
  const dir = compileCacheDir(env);
  const file = dir ? join(dir, 'tool-versions.json') : undefined;
  const store = readStore(file);
  if (typeof store[key] === 'string') {
    memory.set(key, store[key]!);
    return store[key]!;
  }
  const out = execSync(command, { stdio: 'pipe' }).toString();
  memory.set(key, out);
  if (file) {
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...store, [key]: out }), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // only slower next time
    }
  }
  return out;
}

/** Makes cdktf's binary-version validations use versionOutput (same checks, same messages). */
export function installToolVersionCache(env: NodeJS.ProcessEnv = process.env): void {
  if (installed || env.HOMELAB_TOOL_VERSION_CACHE === '0') return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('cdktf/lib/validations/validate-binary-version') as { ValidateBinaryVersion: { prototype: BinaryVersionCheck } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const semver = require(require.resolve('semver', { paths: [require.resolve('cdktf')] })) as { satisfies(v: string, range: string): boolean };
  mod.ValidateBinaryVersion.prototype.validate = function validate(this: BinaryVersionCheck): string[] {
    // The same steps and messages as cdktf's validate().
    try {
      const version = versionOutput(this.versionCommand).match(/\d+\.\d+\.\d+/);
      if (!version) return [`Could not determine version of ${this.binary} (running ${this.versionCommand})`];
      if (!semver.satisfies(version[0], this.versionConstraint)) {
        return [`${this.binary} version ${version[0]} is lower than the required version ${this.versionConstraint} for this construct. ${this.hint || ''}`];
      }
      return [];
    } catch (e) {
      return [`Could not determine version of ${this.binary}, ${this.versionCommand} failed: ${e}`];
    }
  };
}
