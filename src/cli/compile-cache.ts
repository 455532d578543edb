/**
 * A V8 code cache for the CLI's CommonJS modules (what Node 22's `module.enableCompileCache()` does, for Node 20).
 *
 * Compiling JavaScript is a large part of a cold `homelab` process: cdktf, cdk8s, zod and the generated bindings
 * are several MB of source, and V8 compiles most functions lazily on their first call. This hook compiles every
 * module with `vm.Script` and, when the process exits, stores V8's code cache of every module it loaded, taken
 * AFTER the run so it holds the functions that were actually compiled. The next process hands that cache to V8.
 *
 * Safety:
 * - an entry is used only for the same file name, the same source (length and CRC-32 of the text) and the same
 *   Node/V8 version and architecture (the file name of the blob); V8 also rejects a cache that does not match
 *   its own checks (`script.cachedDataRejected`), and then the module is compiled normally;
 * - the cache lives in a folder only this user can write (created 0700; a folder owned by someone else, or
 *   writable by others, is not used); it is written atomically (temporary file + rename); each installation
 *   (checkout, npm install) has its own blob per command; blobs unwritten for 3 days go, and the folder stays
 *   below 512 MiB;
 * - `HOMELAB_COMPILE_CACHE=0` switches it off; `HOMELAB_COMPILE_CACHE=<dir>` puts it elsewhere.
 * The cache never changes what a module does: it only skips V8's parser and compiler.
 */
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as vm from 'node:vm';
import { crc32 } from 'node:zlib';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as {
  prototype: { _compile(content: string, filename: string): unknown; require(id: string): unknown };
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: unknown): string[] | null;
  _extensions: unknown;
  _cache: unknown;
};

interface Entry {
  readonly key: string;
  readonly data: Buffer;
}

interface LoadedScript {
  readonly filename: string;
  readonly key: string;
  readonly script: vm.Script;
}

const MAGIC = 'homelab-compile-cache/1\n';

/** The cache folder, or undefined when switched off or unsafe to use. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.HOMELAB_COMPILE_CACHE;
  if (setting === '0' || setting === 'false') return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = setting && setting !== '1' ? setting : join(tmpdir(), `homelab-cdk-compile-cache-${uid ?? 'user'}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    if (uid !== undefined && st.uid !== uid) return undefined;
    if ((st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** This installation of homelab (its folder), so that each checkout or install has blobs of its own. */
const INSTALL = resolve(__dirname, '..', '..', '..');

/** The blob file for this installation and Node/V8 build. */
export function compileCacheFile(dir: string, name = 'cli', install = INSTALL): string {
  const where = crc32(install).toString(16).padStart(8, '0');
  return join(dir, `${name}-${where}-node${process.version}-v8${process.versions.v8}-${process.arch}.bin`);
}

/** Blobs not written for this long are removed (installs in temporary folders come and go). */
export const MAX_BLOB_AGE_MS = 3 * 24 * 3600 * 1000;
/** The folder is kept below this size: the oldest blobs go first. */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** Removes blobs older than MAX_BLOB_AGE_MS and, beyond MAX_CACHE_BYTES, the least recently written ones. */
export function pruneCacheDir(dir: string, keep: string, now = Date.now()): void {
  const blobs = readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => {
      const st = statSync(join(dir, f));
      return { file: join(dir, f), size: st.size, mtime: st.mtimeMs };
    })
    .sort((a, b) => b.mtime - a.mtime);
  let total = 0;
  for (const b of blobs) {
    total += b.size;
    if (b.file !== keep && (now - b.mtime > MAX_BLOB_AGE_MS || total > MAX_CACHE_BYTES)) rmSync(b.file, { force: true });
  }
}

/** Identity of a module's source: length and CRC-32 of the text. */
export function sourceKey(content: string): string {
  return `${content.length}:${crc32(content).toString(16)}`;
}

/** Reads a blob: file name -> entry. A missing, foreign or damaged blob reads as empty. */
export function readBlob(file: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return entries;
  }
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return entries;
  let at = MAGIC.length;
  try {
    while (at < buf.length) {
      const nameLen = buf.readUInt32LE(at);
      const keyLen = buf.readUInt32LE(at + 4);
      const dataLen = buf.readUInt32LE(at + 8);
      at += 12;
      const name = buf.toString('utf8', at, at + nameLen);
      at += nameLen;
      const key = buf.toString('utf8', at, at + keyLen);
      at += keyLen;
      if (at + dataLen > buf.length) return new Map();
      entries.set(name, { key, data: buf.subarray(at, at + dataLen) });
      at += dataLen;
    }
  } catch {
    return new Map();
  }
  return entries;
}

/** Writes a blob atomically (a temporary file beside it, then rename). */
export function writeBlob(file: string, entries: ReadonlyMap<string, Entry>): void {
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1')];
  for (const [name, e] of entries) {
    const n = Buffer.from(name, 'utf8');
    const k = Buffer.from(e.key, 'utf8');
    const head = Buffer.alloc(12);
    head.writeUInt32LE(n.length, 0);
    head.writeUInt32LE(k.length, 4);
    head.writeUInt32LE(e.data.length, 8);
    parts.push(head, n, k, e.data);
  }
  const tmp = join(dirname(file), `.${process.pid}-${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, Buffer.concat(parts));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

let installed = false;

/**
 * Installs the hook for the rest of the process (idempotent); `name` names the blob (one per kind of process).
 * Returns false when the cache is off.
 */
export function installCompileCache(env: NodeJS.ProcessEnv = process.env, name = 'cli'): boolean {
  if (installed) return true;
  const dir = compileCacheDir(env);
  if (!dir) return false;
  installed = true;
  const file = compileCacheFile(dir, name);
  const old = readBlob(file);
  const loaded: LoadedScript[] = [];
  let changed = false;
  const original = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(this: CjsModule, content: string, filename: string): unknown {
    // Node strips a shebang itself; keep its behaviour for anything unusual.
    if (content.startsWith('#!')) return original.call(this, content, filename);
    const key = sourceKey(content);
    const hit = old.get(filename);
    const cachedData = hit && hit.key === key ? hit.data : undefined;
    let script: vm.Script;
    try {
      script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${content}\n});`, {
        filename,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      } as vm.ScriptOptions);
    } catch {
      // Let Node report the error exactly as it would.
      return original.call(this, content, filename);
    }
    if (!cachedData || script.cachedDataRejected) changed = true;
    loaded.push({ filename, key, script });
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    if (!changed) return;
    try {
      // What other processes wrote meanwhile is kept (tests run many at once); entries of files that are gone
      // (an old build) are dropped.
      const latest = readBlob(file);
      const next = new Map([...old, ...latest].filter(([name]) => existsSync(name)));
      for (const l of loaded) next.set(l.filename, { key: l.key, data: l.script.createCachedData() });
      writeBlob(file, next);
      pruneCacheDir(dir, file);
    } catch {
      // A cache that cannot be written is only slower next time.
    }
  });
  return true;
}

interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
}

function makeRequire(mod: CjsModule): NodeJS.Require {
  const req = ((id: string) => mod.require(id)) as NodeJS.Require;
  req.resolve = ((request: string, options?: unknown) => Module._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  req.resolve.paths = (request: string) => Module._resolveLookupPaths(request, mod);
  req.main = require.main;
  req.extensions = Module._extensions as NodeJS.RequireExtensions;
  req.cache = Module._cache as NodeJS.Dict<NodeModule>;
  return req;
}
