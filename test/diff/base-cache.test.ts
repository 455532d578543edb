/**
 * The cache of `homelab diff <ref>`'s base side (src/diff/base-cache.ts): a second diff against the same ref
 * reads it, and a stale entry is never used — a new commit, another value of a referenced environment variable,
 * a damaged entry or HOMELAB_DIFF_CACHE=0 all synthesize the base again.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { baseCacheDir, baseKey } from '../../src/diff/base-cache';
import { diff } from '../../src/diff/diff';
import { diffFixture } from './support';

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-diff-cache-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  git('init', '-q');
  return { dir, git };
}

/** Sets memory.dedicated of VM lab-worker-1 in every stack of a cache entry (a marker only the cache can produce). */
function poison(file: string): void {
  const stored = JSON.parse(readFileSync(file, 'utf8'));
  let found = 0;
  for (const stack of Object.values<any>(stored.stacks)) {
    const vm = stack.resource?.proxmox_virtual_environment_vm?.['lab-worker-1'];
    if (vm) (vm.memory.dedicated = 1, found++);
  }
  assert.equal(found, 1);
  writeFileSync(file, JSON.stringify(stored));
}

const memoryChanges = (r: Awaited<ReturnType<typeof diff>>) =>
  r.stacks.flatMap((s) => s.objects).flatMap((o) => o.changes.filter((c) => c.path === 'memory.dedicated').map((c) => [o.address, c.before, c.after]));

describe('homelab diff <ref>: the base cache', () => {
  it('is written in the git directory, read by the next diff of the same ref, and not used after a new commit', async () => {
    const { dir, git } = repo();
    copyFileSync(diffFixture('base'), join(dir, 'lab.yaml'));
    git('add', 'lab.yaml');
    git('commit', '-q', '-m', 'base');
    const profile = join(dir, 'lab.yaml');
    assert.equal((await diff({ profile, base: 'HEAD', projectDir: dir })).changed, false);

    const cacheDir = baseCacheDir(dir)!;
    assert.equal(cacheDir, join(dir, '.git', 'homelab', 'diff-base'));
    const entries = readdirSync(cacheDir);
    assert.equal(entries.length, 1);
    assert.match(git('status', '--porcelain'), /^$/, 'nothing in the working tree');

    // Read: a marker put into the entry shows up as the base's value.
    poison(join(cacheDir, entries[0]!));
    assert.deepEqual(memoryChanges(await diff({ profile, base: 'HEAD', projectDir: dir })), [['proxmox_virtual_environment_vm.lab-worker-1', 1, 8192]]);

    // Off: the same diff without the cache synthesizes the base.
    process.env.HOMELAB_DIFF_CACHE = '0';
    try {
      assert.equal((await diff({ profile, base: 'HEAD', projectDir: dir })).changed, false);
    } finally {
      delete process.env.HOMELAB_DIFF_CACHE;
    }

    // A new commit is a new tree: a new entry, the marked one is not read.
    copyFileSync(diffFixture('memory'), profile);
    git('commit', '-q', '-am', 'memory');
    assert.equal((await diff({ profile, base: 'HEAD', projectDir: dir })).changed, false);
    assert.equal(readdirSync(cacheDir).length, 2);
    // The old commit still reads its (marked) entry.
    assert.deepEqual(memoryChanges(await diff({ profile, base: 'HEAD~1', projectDir: dir })), [['proxmox_virtual_environment_vm.lab-worker-1', 1, 12288]]);
  });

  it('ignores a damaged entry and writes it again', async () => {
    const { dir, git } = repo();
    copyFileSync(diffFixture('base'), join(dir, 'lab.yaml'));
    git('add', 'lab.yaml');
    git('commit', '-q', '-m', 'base');
    const profile = join(dir, 'lab.yaml');
    await diff({ profile, base: 'HEAD', projectDir: dir });
    const cacheDir = baseCacheDir(dir)!;
    const file = join(cacheDir, readdirSync(cacheDir)[0]!);
    writeFileSync(file, '{"format":1,"key":"x",');
    assert.equal((await diff({ profile, base: 'HEAD', projectDir: dir })).changed, false);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).key, readdirSync(cacheDir)[0]!.replace(/\.json$/, ''));
  });

  it('keys on the values of the environment variables the YAML at the ref references, and never caches code profiles', () => {
    const { dir, git } = repo();
    writeFileSync(join(dir, 'lab.yaml'), 'name: x\nproxmox:\n  endpoint: ${env:PVE_URL}\n');
    git('add', 'lab.yaml');
    git('commit', '-q', '-m', 'env');
    const input = { top: dir, ref: 'HEAD', profile: 'lab.yaml', projectDir: dir, filesDir: dir, stateDir: dir };
    const a = baseKey({ ...input, env: { PVE_URL: 'https://a:8006/' } });
    const b = baseKey({ ...input, env: { PVE_URL: 'https://b:8006/' } });
    const unset = baseKey({ ...input, env: {} });
    assert.ok(a && b && unset);
    assert.notEqual(a, b);
    assert.notEqual(a, unset);
    // A variable the YAML does not reference does not matter.
    assert.equal(baseKey({ ...input, env: { PVE_URL: 'https://a:8006/', OTHER: '1' } }), a);
    // Paths in the output are part of the key.
    assert.notEqual(baseKey({ ...input, env: { PVE_URL: 'https://a:8006/' }, stateDir: join(dir, 'state') }), a);
    assert.equal(baseKey({ ...input, profile: 'lab.ts' }), undefined);
    assert.equal(baseCacheDir(dir, { HOMELAB_DIFF_CACHE: '0' }), undefined);
  });
});
