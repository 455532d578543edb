/**
 * The one way a construct turns author props into its resolved entity: name checked like a profile key, props
 * validated with the profile entry's schema, then the per-entity resolver resolveLab uses, against the stack's
 * hosts, mappings and images. Problems name the construct path (or, for a profile's entries, the profile path).
 */
import type { IConstruct } from 'constructs';
import type { z } from 'zod';
import { Problems } from '../../model/problems';
import { hostsByKey, parseName, parseProps, throwProblems } from './props';
import type { LabRegistry } from './registry';

export interface EntitySpec<S extends z.ZodType, M> {
  /** The schema of the profile entry. */
  readonly schema: S;
  /** Where such entries sit in a profile, e.g. `vms` or `proxmox.mappings`. */
  readonly section: string;
  /** The resolver: the same function resolveLab calls for such an entry. */
  readonly resolve: (name: string, input: z.infer<S>, problems: Problems, registry: LabRegistry) => M | undefined;
}

/** Resolves `props` (the entry's fields plus `name`, references by name or construct) into the entity. */
export function resolveEntity<S extends z.ZodType, M>(
  construct: IConstruct,
  registry: LabRegistry,
  props: { readonly name?: string; readonly [field: string]: unknown },
  spec: EntitySpec<S, M>,
): M {
  const { name: given, ...fields } = props;
  const where = construct.node.path;
  const name = parseName(given ?? construct.node.id, where);
  const input = parseProps(spec.schema, hostsByKey(fields), where, [...spec.section.split('.'), name]);
  const problems = new Problems();
  const model = spec.resolve(name, input, problems, registry);
  throwProblems(problems, `${spec.section}.${name}`, registry.inCode ? where : undefined);
  return model!;
}
