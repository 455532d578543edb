/**
 * Which profile fields took their value from which environment variable (`${env:NAME}`), kept beside the
 * resolved lab (the lab itself holds only values) so validate rules can follow a secret into an output.
 */
import type { EnvReference } from '../schema/env';
import type { Lab } from './types';

const origins = new WeakMap<Lab, readonly EnvReference[]>();

/** Records the environment references of the profile a lab was resolved from. */
export function recordEnvReferences(lab: Lab, refs: readonly EnvReference[]): void {
  origins.set(lab, refs);
}

/** The environment references of the profile a lab came from (none when unknown). */
export function envReferencesOf(lab: Lab): readonly EnvReference[] {
  return origins.get(lab) ?? [];
}
