/**
 * The single module that imports cdktf (archived upstream in Dec 2025). Everything else imports these
 * names from here, so moving to a maintained fork is a change of this file (and a regeneration of the
 * provider bindings with that fork's generator).
 */
import { installFastResolve } from './cdktf-resolve';
import { installToolVersionCache } from './cdktf-tool-version';

/**
 * cdktf loads `archiver` (zip support for TerraformAsset, ~130 ms) when it is first imported; homelab never
 * zips assets, so the module is put in place lazily: it loads on the first call, if one ever comes.
 */
function deferArchiver(): void {
  let path: string;
  try {
    path = require.resolve('archiver', { paths: [require.resolve('cdktf')] });
  } catch {
    return;
  }
  if (require.cache[path]) return;
  const real = (): (...args: unknown[]) => unknown => {
    delete require.cache[path];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path) as (...args: unknown[]) => unknown;
  };
  const stub = (...args: unknown[]) => real()(...args);
  const mod = new (require('node:module') as typeof import('node:module'))(path);
  mod.filename = path;
  mod.loaded = true;
  mod.exports = stub;
  require.cache[path] = mod;
}
deferArchiver();
installFastResolve();
installToolVersionCache();

export {
  App,
  Aspects,
  DataResource,
  Fn,
  HttpBackend,
  LocalBackend,
  PgBackend,
  S3Backend,
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
  Tokenization,
  dependable,
} from 'cdktf';
export type { IAspect, ITerraformDependable, PgBackendConfig, TerraformResourceConfig } from 'cdktf';

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
