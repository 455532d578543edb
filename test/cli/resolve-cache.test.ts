/**
 * The resolution cache (src/cli/resolve-cache.ts) answers only for this installation, is dropped when npm's lock
 * file (or the build, or package.json) changes, and resolves again when a remembered file is gone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { resolutionStamp } from '../../src/cli/resolve-cache';
import { ROOT } from '../support/paths';

const HOOK = join(ROOT, 'dist', 'src', 'cli', 'resolve-cache.js');

/** An "installation": package.json, npm's lock file, a dependency, and main.js requiring it. */
function install(): string {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-rc-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
  mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}');
  writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), 'module.exports = "index";');
  writeFileSync(join(dir, 'main.js'), 'console.log(require("dep"));');
  return dir;
}

function run(dir: string, cache: string): string {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(HOOK)}).installResolveCache(process.env, ${JSON.stringify(dir)}); require(${JSON.stringify(join(dir, 'main.js'))})`], {
    encoding: 'utf8',
    env: { ...process.env, HOMELAB_COMPILE_CACHE: cache, HOMELAB_RESOLVE_CACHE: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('resolution cache', () => {
  it('resolves again when a remembered file is gone, and after npm rewrote its lock file', () => {
    const dir = install();
    const cache = join(mkdtempSync(join(tmpdir(), 'homelab-rc-cache-')), 'c');
    assert.equal(run(dir, cache), 'index');
    assert.equal(run(dir, cache), 'index');
    // The remembered file is gone: Node's resolution finds the new one.
    rmSync(join(dir, 'node_modules', 'dep', 'index.js'));
    writeFileSync(join(dir, 'node_modules', 'dep', 'package.json'), '{"main":"main.js"}');
    writeFileSync(join(dir, 'node_modules', 'dep', 'main.js'), 'module.exports = "main";');
    assert.equal(run(dir, cache), 'main');
    // A closer file that shadows a remembered one comes with an npm install, which rewrites the lock file.
    writeFileSync(join(dir, 'node_modules', 'dep.js'), 'module.exports = "shadow";');
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(dir, 'node_modules', '.package-lock.json'), later, later);
    assert.equal(run(dir, cache), 'shadow');
  });

  it('is off where there is no npm lock file, and its stamp follows package.json, the build and the lock file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-rc-none-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    assert.equal(resolutionStamp(dir), undefined);
    const inst = install();
    const before = resolutionStamp(inst);
    const later = new Date(Date.now() + 10_000);
    utimesSync(join(inst, 'package.json'), later, later);
    assert.notEqual(resolutionStamp(inst), before);
  });
});
