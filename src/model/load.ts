/**
 * Profile (file path or object) -> Lab, keeping the parsed YAML so problems found later can be given a
 * file:line:col. The one loader `synth` and `validate` share, step for step. No cdktf.
 */
import type { ProfileInput } from '../schema/profile';
import { isCodeProfile, loadCodeProfile } from '../schema/code-profile';
import { parseProfile, readProfileFile, withPositions, type Source } from '../schema/load';
import { envReferences, type EnvReference } from '../schema/env';
import { yamlData } from '../schema/yaml-source';
import { recordEnvReferences } from './env-origins';
import { resolveLab } from './resolve';
import type { Lab } from './types';

export interface LoadedLab {
  readonly lab: Lab;
  /** The YAML the lab came from; undefined for a profile object. */
  readonly source?: Source;
}

/** Loads, validates and resolves a profile. Throws ProfileError. */
export function loadLabWithSource(profile: string | ProfileInput, options: { projectDir?: string } = {}): LoadedLab {
  const loaded =
    typeof profile !== 'string' ? { profile: parseProfile(profile), source: undefined }
    : isCodeProfile(profile) ? { profile: parseProfile(loadCodeProfile(profile)), source: undefined }
    : readProfileFile(profile, options);
  const lab = withPositions(loaded.source, () => resolveLab(loaded.profile));
  recordEnvReferences(lab, rawEnvReferences(profile, loaded.source));
  return { lab, source: loaded.source };
}

/** `${env:...}` references of the profile before substitution: its files, or the object given. */
function rawEnvReferences(profile: string | ProfileInput, source: Source | undefined): EnvReference[] {
  if (!source) return typeof profile === 'string' ? [] : envReferences(profile);
  return [...source.files.values()].flatMap((f) => envReferences(yamlData(f)));
}

/** Loads and resolves a profile (file path or object). Throws ProfileError. */
export function loadLab(profile: string | ProfileInput): Lab {
  return loadLabWithSource(profile).lab;
}
