/** The profile's JSON Schema (draft 2020-12), generated from the zod schema: editors complete and check profiles with it. */
import { z } from 'zod';
import { profileSchema } from './profile';

export const PROFILE_SCHEMA_ID = 'https://homelab-cdk.dev/schema/profile.schema.json';

export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(profileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, $id: PROFILE_SCHEMA_ID, title: 'homelab-cdk profile', ...schema };
}
