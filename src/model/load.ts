/**
 * Profile (file path or object) -> Lab, keeping the parsed YAML so problems found later can be given a
 * file:line:col. The one loader `synth` and `validate` share, step for step. No cdktf.
 */
import type { ProfileInput } from '../schema/profile';
import { isCodeProfile, loadCodeProfile } from '../schema/code-profile';
import { parseProfile, readProfileFile, withPositions, type Source } from '../schema/load';
import { envReferences, type EnvReference } from '../schema/env';
import { yamlData } from '../schema/yaml-source';
import { readAppManifests } from './app-manifests';
import { recordEnvReferences } from './env-origins';
import { resolveLab } from './resolve';
import type { Lab } from './types';

export interface LoadedLab {
  readonly lab: Lab;
  /** The YAML the lab came from; undefined for a profile object. */
  readonly source?: Source;
}

export interface LoadOptions {
  /** The project directory (includes stay in it). @default - the current directory */
  readonly projectDir?: string;
  /** Where `apps.<name>.manifests` are read from (the project as checked out at a git ref, for diff). @default - projectDir */
  readonly filesDir?: string;
}

/** Loads, validates and resolves a profile, and reads the files it names. Throws ProfileError. */
export function loadLabWithSource(profile: string | ProfileInput, options: LoadOptions = {}): LoadedLab {
  const loaded =
    typeof profile !== 'string' ? { profile: parseProfile(profile), source: undefined }
    : isCodeProfile(profile) ? { profile: parseProfile(loadCodeProfile(profile)), source: undefined }
    // Includes stay inside the project; for a profile checked out at a git ref (diff), that is the project there.
    : readProfileFile(profile, { projectDir: options.filesDir ?? options.projectDir });
  const filesDir = options.filesDir ?? options.projectDir ?? process.cwd();
  const lab = withPositions(loaded.source, () => readAppManifests(resolveLab(loaded.profile), filesDir));
  recordEnvReferences(lab, rawEnvReferences(profile, loaded.source));
  return { lab, source: loaded.source };
}

/** `${env:...}` references of the profile before substitution: its files, or the object given. */
function rawEnvReferences(profile: string | ProfileInput, source: Source | undefined): EnvReference[] {
  if (!source) return typeof profile === 'string' ? [] : envReferences(profile);
  // A file without `env:` (or an escape that could spell it) has no reference: its data need not be read again.
  return [...source.files.values()].flatMap((f) => (/env:|\\/.test(f.text) ? envReferences(yamlData(f)) : []));
}

/** Loads and resolves a profile (file path or object). Throws ProfileError. */
export function loadLab(profile: string | ProfileInput, options: LoadOptions = {}): Lab {
  return loadLabWithSource(profile, options).lab;
}
