/**
 * Flux post-build substitution replaces every `${name}` in the applied objects, values included, with the
 * variable or, when it is not defined, with nothing (fluxcd/pkg envsubst; kustomize-controller
 * internal/... `postBuild.substitute`, docs "Post build variable substitution": `$${var}` escapes).
 * User values that mean a literal `${...}` (a shell variable in a config file) are escaped; references to
 * variables we define (gitops.variables, `<APP>_IP`) and, with SOPS, upper-case names that may live in the
 * encrypted cluster-secrets stay substitutions.
 */
import type { GitOps } from '../model/gitops-types';

const REF = /(\$+)\{([^}]*)\}/g;

function escapeString(s: string, keep: (name: string) => boolean): string {
  return s.replace(REF, (whole, dollars: string, name: string) => (dollars.length > 1 || keep(name) ? whole : `$${whole}`));
}

function walk(v: unknown, keep: (name: string) => boolean): unknown {
  if (typeof v === 'string') return escapeString(v, keep);
  if (Array.isArray(v)) return v.map((x) => walk(x, keep));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, keep)]));
  return v;
}

/** The values with every `${...}` that is not one of our variables escaped as `$${...}`. */
export function escapeSubstitution(values: Readonly<Record<string, unknown>>, gitops: Pick<GitOps, 'variables' | 'secrets'>): Record<string, unknown> {
  const sops = gitops.secrets?.provider === 'sops';
  const keep = (name: string) => name in gitops.variables || (sops && /^[A-Z_][A-Z0-9_]*$/.test(name));
  return walk(values, keep) as Record<string, unknown>;
}

/** Whether Flux substitutes variables in this tree's objects (its Kustomizations get `postBuild` with variables). */
export function substitutesVariables(gitops: Pick<GitOps, 'engine' | 'variables'>): boolean {
  return gitops.engine === 'flux' && Object.keys(gitops.variables).length > 0;
}
