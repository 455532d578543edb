/**
 * The single module that imports cdktf (archived upstream in Dec 2025). Everything else imports these
 * names from here, so moving to a maintained fork is a change of this file (and a regeneration of the
 * provider bindings with that fork's generator).
 */
export {
  App,
  Fn,
  HttpBackend,
  LocalBackend,
  PgBackend,
  S3Backend,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
  dependable,
} from 'cdktf';
export type { ITerraformDependable, PgBackendConfig, TerraformResourceConfig } from 'cdktf';

/**
 * cdktf records a full stack trace for every token it creates (shown only when a token cannot be resolved).
 * On a large lab that is a second of synth time, so it is off unless HOMELAB_STACK_TRACES=1.
 */
export function disableTokenStackTraces(): void {
  if (process.env.HOMELAB_STACK_TRACES === '1') return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stackTrace = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: () => string[] };
  stackTrace.captureStackTrace = () => [];
}
