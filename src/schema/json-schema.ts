/** The profile's JSON Schema (draft 2020-12), generated from the zod schema: editors complete and check profiles with it. */
import { z } from 'zod';
import { profileSchema } from './profile';

export const PROFILE_SCHEMA_ID = 'https://homelab-cdk.dev/schema/profile.schema.json';

export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(profileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, $id: PROFILE_SCHEMA_ID, title: 'homelab-cdk profile', ...allowEnvReferences(schema) };
}

/**
 * A string with a pattern may also hold an `${env:NAME}` reference (substituted when the profile is loaded,
 * see src/schema/env.ts), so editors do not flag `endpoint: ${env:PROXMOX_ENDPOINT}`.
 */
function allowEnvReferences<T>(node: T): T {
  if (Array.isArray(node)) return node.map(allowEnvReferences) as T;
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = allowEnvReferences(v);
  if (out.type === 'string' && typeof out.pattern === 'string') out.pattern = `\\$\\{env:|(?:${out.pattern})`;
  return out as T;
}
