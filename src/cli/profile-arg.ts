/**
 * The profile of every command that reads one: a positional argument (`homelab validate profiles/lab.yaml`),
 * `-p/--profile`, or found in the project (README "Finding the profile").
 */
import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';

/** Kept for compatibility: the profile used when nothing else names one and it exists. */
export const DEFAULT_PROFILE = 'profiles/default.yaml';

/** Adds `[profile]` and `-p, --profile <file>` to a command. */
export function addProfileArg(cmd: Command): Command {
  return cmd
    .argument('[profile]', 'profile YAML (default: homelab.json "profile", package.json "homelab.profile", profiles/default.yaml, or the only profiles/*.yaml)')
    .option('-p, --profile <file>', 'profile YAML (the same as the argument)');
}

/**
 * Decides the profile: the argument or `--profile` (both only when equal), else `homelab.json` `{ "profile" }`,
 * else `package.json` `{ "homelab": { "profile" } }`, else `profiles/default.yaml`, else the only `profiles/*.yaml`.
 * Paths from the settings files are relative to `cwd`.
 */
export function chooseProfile(positional: string | undefined, flag: string | undefined, cwd: string = process.cwd()): string {
  if (positional && flag && positional !== flag) throw new UsageError(`the profile is given twice ("${positional}" and --profile "${flag}"); give it once`);
  const given = positional ?? flag;
  if (given) return given;
  const fromSettings = settingProfile(cwd);
  if (fromSettings) return fromSettings;
  if (existsSync(join(cwd, DEFAULT_PROFILE))) return DEFAULT_PROFILE;
  const dir = join(cwd, 'profiles');
  const yaml = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  if (yaml.length === 1) return `profiles/${yaml[0]}`;
  const found = yaml.length ? `profiles/ holds ${yaml.join(', ')}` : 'no profiles/*.yaml here';
  throw new UsageError(`which profile? ${found}; fix: name it (homelab <command> profiles/<name>.yaml) or set "profile" in homelab.json`);
}

function settingProfile(cwd: string): string | undefined {
  const homelabJson = readJson(join(cwd, 'homelab.json'));
  if (homelabJson !== undefined) {
    const p = (homelabJson as { profile?: unknown })?.profile;
    if (typeof p !== 'string' || !p) throw new UsageError('homelab.json: "profile" must name the profile file, e.g. { "profile": "profiles/lab.yaml" }');
    return p;
  }
  const pkg = readJson(join(cwd, 'package.json')) as { homelab?: { profile?: unknown } } | undefined;
  const p = pkg?.homelab?.profile;
  if (p === undefined) return undefined;
  if (typeof p !== 'string' || !p) throw new UsageError('package.json: "homelab.profile" must name the profile file, e.g. "profiles/lab.yaml"');
  return p;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}
