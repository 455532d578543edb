/**
 * The V8 code cache of the CLI (src/cli/compile-cache.ts): a module changed since the cache was written runs
 * its new code (even at the same length), a damaged blob reads as empty, an unsafe folder is not used.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileCacheDir, compileCacheFile, MAX_BLOB_AGE_MS, pruneCacheDir, readBlob, sourceKey, writeBlob } from '../../src/cli/compile-cache';
import { ROOT } from '../support/paths';

const HOOK = join(ROOT, 'dist', 'src', 'cli', 'compile-cache.js');

/** Runs `main.js` of `dir` in a fresh node with the cache in `cache`; returns its stdout. */
function run(dir: string, cache: string): string {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(HOOK)}).installCompileCache(process.env, 't'); require(${JSON.stringify(join(dir, 'main.js'))})`], {
    encoding: 'utf8',
    env: { ...process.env, HOMELAB_COMPILE_CACHE: cache },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('compile cache', () => {
  it('runs the current code of a module changed after the cache was written, at the same length too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cc-mod-'));
    const cache = join(mkdtempSync(join(tmpdir(), 'homelab-cc-')), 'c');
    writeFileSync(join(dir, 'main.js'), "console.log(require('./lib').value());\n");
    writeFileSync(join(dir, 'lib.js'), 'exports.value = () => "aaa";\n');
    assert.equal(run(dir, cache), 'aaa');
    assert.equal(run(dir, cache), 'aaa'); // from the cache
    const blob = readdirSync(cache).find((f) => f.startsWith('t-'))!;
    assert.ok(readBlob(join(cache, blob)).has(join(dir, 'lib.js')), 'the module is in the cache');
    writeFileSync(join(dir, 'lib.js'), 'exports.value = () => "bbb";\n');
    assert.equal(run(dir, cache), 'bbb');
    writeFileSync(join(dir, 'lib.js'), 'exports.value = () => { return 42 };\n');
    assert.equal(run(dir, cache), '42');
  });

  it('keys entries by the text, not only its length', () => {
    assert.equal(sourceKey('exports.a = 1;'), sourceKey('exports.a = 1;'));
    assert.notEqual(sourceKey('exports.a = 1;'), sourceKey('exports.b = 1;'));
  });

  it('reads a damaged or foreign blob as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cc-blob-'));
    const file = join(dir, 'b.bin');
    writeBlob(file, new Map([['/x.js', { key: '1:2', data: Buffer.from('abc') }]]));
    assert.deepEqual([...readBlob(file).keys()], ['/x.js']);
    writeFileSync(file, 'homelab-compile-cache/1\n\u0005\u0000\u0000\u0000');
    assert.equal(readBlob(file).size, 0);
    writeFileSync(file, 'something else');
    assert.equal(readBlob(file).size, 0);
  });

  it('has a blob per installation, and removes blobs not written for days', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cc-prune-'));
    assert.notEqual(compileCacheFile(dir, 'cli-synth', '/a'), compileCacheFile(dir, 'cli-synth', '/b'));
    const old = compileCacheFile(dir, 'cli-synth', '/old');
    const current = compileCacheFile(dir, 'cli-synth', '/current');
    writeFileSync(old, 'x');
    writeFileSync(current, 'y');
    const past = new Date(Date.now() - MAX_BLOB_AGE_MS - 60_000);
    utimesSync(old, past, past);
    pruneCacheDir(dir, current);
    assert.equal(existsSync(old), false);
    assert.equal(existsSync(current), true);
  });

  it('uses no folder others can write, and is off with HOMELAB_COMPILE_CACHE=0', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'homelab-cc-dir-')), 'open');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    assert.equal(compileCacheDir({ HOMELAB_COMPILE_CACHE: dir }), undefined);
    chmodSync(dir, 0o700);
    assert.equal(compileCacheDir({ HOMELAB_COMPILE_CACHE: dir }), dir);
    assert.equal(compileCacheDir({ HOMELAB_COMPILE_CACHE: '0' }), undefined);
  });
});
