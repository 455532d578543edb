/** Profile section `state`: the Terraform backend of every stack. Credentials only from the environment. */
import { z } from 'zod';
import { STATE_DEFAULTS } from '../defaults';
import { url } from './primitives';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

const local = z
  .object({ backend: z.literal('local').meta(d('State files beside the profile (`terraform.<stack>.tfstate`).')) })
  .strict();

const s3 = z
  .object({
    backend: z.literal('s3').meta(d('S3 or S3-compatible storage (MinIO); credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.')),
    bucket: z.string().min(1).meta(d('Bucket.')),
    key: z.string().optional().meta(d('Object key; `{stack}` is replaced by the stack name.', { default: STATE_DEFAULTS.s3Key })),
    region: z.string().optional().meta(d('Region (any value for MinIO).', { default: STATE_DEFAULTS.s3Region })),
    endpoint: url.optional().meta(d('S3 endpoint of an S3-compatible server, e.g. https://minio.home.arpa:9000.')),
    usePathStyle: z.boolean().optional().meta(d('Path-style URLs. Default: true when `endpoint` is set.')),
    skipChecks: z.boolean().optional().meta(d('Skip AWS-only checks (credentials, region, account id, metadata API, checksums). Default: true when `endpoint` is set.')),
  })
  .strict();

const pg = z
  .object({
    backend: z.literal('pg').meta(d('PostgreSQL; the connection string comes from PG_CONN_STR.')),
    schemaName: z.string().optional().meta(d('Schema per stack; `{stack}` is replaced by the stack name (- becomes _).', { default: STATE_DEFAULTS.pgSchemaName })),
  })
  .strict();

const http = z
  .object({
    backend: z.literal('http').meta(d('HTTP backend (e.g. GitLab); credentials from TF_HTTP_USERNAME / TF_HTTP_PASSWORD.')),
    address: url.meta(d('State URL; `{stack}` is replaced by the stack name.')),
    lockAddress: url.optional().meta(d('Lock URL (`{stack}` replaced).')),
    unlockAddress: url.optional().meta(d('Unlock URL (`{stack}` replaced).')),
    lockMethod: z.string().optional().meta(d('HTTP method for locking.', { default: 'LOCK' })),
    unlockMethod: z.string().optional().meta(d('HTTP method for unlocking.', { default: 'UNLOCK' })),
  })
  .strict();

export const stateSchema = z.discriminatedUnion('backend', [local, s3, pg, http]);
export type StateInput = z.infer<typeof stateSchema>;
