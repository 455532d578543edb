/**
 * Profiles produced by code: a CommonJS module (`.js` / `.cjs`, e.g. compiled from TypeScript) whose
 * `default` or `profile` export is the profile object, or a function returning it.
 */
import { resolve } from 'node:path';
import { ProfileError } from '../errors';

export const isCodeProfile = (file: string): boolean => /\.(c?js|ts|mts|cts|mjs)$/.test(file);

export function loadCodeProfile(file: string): unknown {
  if (/\.(ts|mts|cts)$/.test(file)) {
    throw new ProfileError([{ path: '', file, message: 'a TypeScript profile must be compiled first', fix: `compile it with tsc and pass the .js file (e.g. --profile ${file.replace(/\.[mc]?ts$/, '.js')})` }]);
  }
  if (file.endsWith('.mjs')) {
    throw new ProfileError([{ path: '', file, message: 'ES module profiles are not supported on Node 20', fix: 'export the profile from a CommonJS module (.js or .cjs)' }]);
  }
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(resolve(file)) as Record<string, unknown>;
  } catch (err) {
    throw new ProfileError([{ path: '', file, message: `cannot load the profile module: ${(err as Error).message.split('\n')[0]}`, fix: 'check the --profile path and that the module runs with node' }]);
  }
  const exported = mod.default ?? mod.profile ?? mod;
  return typeof exported === 'function' ? (exported as () => unknown)() : exported;
}
