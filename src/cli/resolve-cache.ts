/**
 * Remembers where `require()` found homelab's modules (Node's resolution: stat calls, package.json reads and
 * realpath for every one of ~1 100 requires of a synth, ~45 ms), in the folder of the code cache
 * (compile-cache.ts), one file per installation and Node version.
 *
 * Only requests from modules of this installation are remembered, and only answers inside it (its dist/ and
 * node_modules/, or the node_modules/ it is installed in). The whole file is dropped when anything that decides
 * resolution may have changed: the installation's package.json, its build (dist/.tsbuildinfo) or the lock file
 * npm rewrites on every install (node_modules/.package-lock.json, here or in the node_modules/ above). A
 * remembered file that is gone is resolved again. `HOMELAB_RESOLVE_CACHE=0` (or `HOMELAB_COMPILE_CACHE=0`) switches it
 * off.
 */
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import { compileCacheDir } from './compile-cache';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as {
  _resolveFilename(request: string, parent: { filename?: string | null; path?: string } | undefined, isMain: boolean, options?: unknown): string;
  builtinModules: string[];
};

const INSTALL = resolve(__dirname, '..', '..', '..');
const FORMAT = 1;

/** What decides resolution here: mtimes and sizes of the package.json, the build and npm's lock files. */
export function resolutionStamp(install: string = INSTALL): string | undefined {
  const parts: string[] = [];
  let lockFiles = 0;
  for (const f of [join(install, 'package.json'), join(install, 'dist', '.tsbuildinfo'), join(install, 'node_modules', '.package-lock.json'), join(dirname(install), '.package-lock.json')]) {
    try {
      const st = statSync(f);
      parts.push(`${f}:${st.size}:${st.mtimeMs}`);
      if (f.endsWith('.package-lock.json')) lockFiles++;
    } catch {
      parts.push(`${f}:-`);
    }
  }
  // Without npm's lock file an install cannot be told from the next one: no cache.
  return lockFiles > 0 ? parts.join('\n') : undefined;
}

let installed = false;

export function installResolveCache(env: NodeJS.ProcessEnv = process.env, install: string = INSTALL): boolean {
  if (installed) return true;
  if (env.HOMELAB_RESOLVE_CACHE === '0') return false;
  const dir = compileCacheDir(env);
  const stamp = dir ? resolutionStamp(install) : undefined;
  if (!dir || !stamp) return false;
  installed = true;
  const file = join(dir, `resolve-${crc32(install).toString(16).padStart(8, '0')}-node${process.version}.json`);
  let known: Record<string, string> = {};
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; stamp?: string; entries?: Record<string, string> };
    if (stored.format === FORMAT && stored.stamp === stamp && stored.entries && typeof stored.entries === 'object') known = stored.entries;
  } catch {
    // none yet, or damaged: start empty
  }
  // This installation, and the node_modules/ it is installed in (npm hoists its dependencies there).
  const roots = [install + sep, ...(basename(dirname(install)) === 'node_modules' ? [dirname(install) + sep] : [])];
  const inside = (p: string | null | undefined) => !!p && roots.some((r) => p.startsWith(r));
  const builtin = new Set(Module.builtinModules);
  let changed = false;
  const original = Module._resolveFilename;
  Module._resolveFilename = function resolveWithCache(request, parent, isMain, options) {
    if (options !== undefined || isMain || request.startsWith('node:') || builtin.has(request) || !parent?.path || !inside(parent.filename)) {
      return original.call(this, request, parent, isMain, options);
    }
    const key = `${parent.path}\0${request}`;
    const hit = known[key];
    if (hit !== undefined && existsSync(hit)) return hit;
    const found = original.call(this, request, parent, isMain, options);
    if (inside(found)) {
      known[key] = found;
      changed = true;
    }
    return found;
  };
  process.once('exit', () => {
    if (!changed) return;
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: FORMAT, stamp, entries: known }), { mode: 0o600 });
      renameSync(tmp, file);
    } catch {
      // only slower next time
    }
  });
  return true;
}
