/**
 * The Terraform backend of a stack, from the profile's `state` section. `{stack}` in keys, schema names and
 * addresses becomes the stack name, so the lab stack and the access stack never share state. Credentials
 * are never written: AWS_* (s3), PG_CONN_STR (pg), TF_HTTP_USERNAME / TF_HTTP_PASSWORD (http).
 */
import type { Construct } from 'constructs';
import { HttpBackend, LocalBackend, PgBackend, S3Backend, type PgBackendConfig } from '../../cdktf';
import type { StateBackend } from '../../model/infra-types';

export interface StateBackendProps {
  /** The resolved `state` section. */
  readonly state: StateBackend;
  /** Stack name, replaces `{stack}`. */
  readonly stackName: string;
  /** State file of the local backend, relative to the stack's working directory. */
  readonly localPath: string;
}

/** Adds the backend to `stack` (a cdktf stack has exactly one). */
export function addStateBackend(stack: Construct, props: StateBackendProps): void {
  const { state, stackName } = props;
  const fill = (s: string) => s.split('{stack}').join(stackName);
  switch (state.backend) {
    case 'local':
      new LocalBackend(stack, { path: props.localPath });
      return;
    case 's3':
      new S3Backend(stack, {
        bucket: state.bucket,
        key: fill(state.key),
        region: state.region,
        endpoints: state.endpoint ? { s3: state.endpoint } : undefined,
        usePathStyle: state.usePathStyle || undefined,
        skipCredentialsValidation: state.skipChecks || undefined,
        skipRegionValidation: state.skipChecks || undefined,
        skipRequestingAccountId: state.skipChecks || undefined,
        skipMetadataApiCheck: state.skipChecks || undefined,
        skipS3Checksum: state.skipChecks || undefined,
      });
      return;
    case 'pg':
      // conn_str is left out on purpose: Terraform reads it from PG_CONN_STR.
      new PgBackend(stack, { schemaName: fill(state.schemaName).replace(/-/g, '_') } as PgBackendConfig);
      return;
    case 'http':
      new HttpBackend(stack, {
        address: fill(state.address),
        lockAddress: state.lockAddress && fill(state.lockAddress),
        unlockAddress: state.unlockAddress && fill(state.unlockAddress),
        lockMethod: state.lockMethod,
        unlockMethod: state.unlockMethod,
      });
      return;
  }
}
