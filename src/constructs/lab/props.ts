/**
 * Author-facing props: validated with the profile's own zod schemas at construction, problems named by the
 * construct path and the prop (`media-lab/jellyfin: vmId: ...`), thrown as the ProfileError of profile mistakes.
 */
import type { z } from 'zod';
import { ProfileError, type ProfileProblem } from '../../errors';
import type { Problems } from '../../model/problems';
import { issueToProblems } from '../../schema/issues';
import { knownKeys } from '../../schema/load';
import { name as nameSchema } from '../../schema/primitives';

/**
 * Validates `props` with `schema` (the profile entry's schema). `section` is where such an entry sits in a
 * profile (`['vms', 'x']`), for the "did you mean" hints. Throws ProfileError naming `where` and each prop.
 */
export function parseProps<S extends z.ZodType>(schema: S, props: unknown, where: string, section: readonly PropertyKey[]): z.infer<S> {
  const result = schema.safeParse(props, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => issueToProblems(issue, (p) => knownKeys([...section, ...p])));
  throw new ProfileError(problems.map((p) => atConstruct(p, '', where)));
}

/**
 * Re-roots a problem found at `modelPath` (the path resolvers were given) under the construct path:
 * `media-lab/jellyfin.nics[0].bridge` -> `media-lab/jellyfin: nics[0].bridge`.
 */
function atConstruct(p: ProfileProblem, modelPath: string, where: string): ProfileProblem {
  if (modelPath && p.path !== modelPath && !p.path.startsWith(`${modelPath}.`) && !p.path.startsWith(`${modelPath}[`)) return p;
  const rest = p.path.slice(modelPath.length).replace(/^\./, '');
  return { ...p, path: rest ? `${where}: ${rest}` : where };
}

/**
 * Throws the problems a resolver collected. `where` is the construct path of a construct written in code: its
 * problems are re-rooted from the profile-style `modelPath` (`vms.jellyfin`) to it; without `where` (a
 * construct made from a profile entry) they keep the profile's paths.
 */
export function throwProblems(problems: Problems, modelPath: string, where: string | undefined): void {
  if (problems.list.length === 0) return;
  throw new ProfileError(where === undefined ? problems.list : problems.list.map((p) => atConstruct(p, modelPath, where)));
}

const RESOLVED = Symbol.for('homelab-cdk.resolved');
const ENTITY = Symbol.for('homelab-cdk.entity');

/**
 * Props that carry an entity already resolved by the per-entity resolver (a lab loaded from a profile, or a
 * part of one): the construct renders it as it is. Internal to the stack and the composite constructs.
 */
export function resolvedProps<P>(model: unknown, extra: object = {}, entity = false): P {
  return { ...extra, [RESOLVED]: model, ...(entity ? { [ENTITY]: true } : {}) } as unknown as P;
}

/** Whether resolved props are an entity of the lab (a stand-alone VM), not a part of another construct (a node). */
export function isEntity(props: unknown): boolean {
  return (props as Record<symbol, boolean> | undefined)?.[ENTITY] === true;
}

/** The resolved entity of `resolvedProps`, if `props` carries one. */
export function resolvedOf<M>(props: unknown): M | undefined {
  return (props as Record<symbol, M> | undefined)?.[RESOLVED];
}

/** The key of a host given by name or by construct. */
export function hostKey(host: string | { readonly key: string }): string {
  return typeof host === 'string' ? host : host.key;
}

/** A host given by construct (`Host`) instead of by name. */
export interface HostRef {
  /** The host's key (its name in the lab). */
  readonly key: string;
}

/** A profile entry's type with `host` given by name or by construct. */
export type WithHostRef<T> = T extends { host: string } ? Omit<T, 'host'> & { readonly host: string | HostRef } : T;

/** Replaces Host constructs by their keys in `host` fields of `value` and its node lists. */
export function hostsByKey<T>(value: T): T {
  if (Array.isArray(value)) return value.map(hostsByKey) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (out.host !== undefined && typeof out.host === 'object') out.host = hostKey(out.host as HostRef);
  for (const key of ['controlPlanes', 'workers', 'servers', 'agents', 'map']) if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(hostsByKey);
  return out as T;
}

/** Checks a construct's entity name like a profile key (lowercase letters, digits, `-`). */
export function parseName(name: string, where: string): string {
  const result = nameSchema.safeParse(name);
  if (result.success) return name;
  throw new ProfileError([{ path: where, message: `invalid name ${JSON.stringify(name)}: ${result.error.issues[0]!.message}`, fix: 'set `name`, or use such a construct id' }]);
}
