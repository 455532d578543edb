import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { capture, diffFixture } from './support';

/** A git repository with base.yaml committed as lab.yaml; the CLI runs inside it (projectDir = cwd). */
function repoWithProfile(): string {
  const repo = mkdtempSync(join(tmpdir(), 'homelab-diff-cli-'));
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: repo });
  git('init', '-q');
  copyFileSync(diffFixture('base'), join(repo, 'lab.yaml'));
  git('add', 'lab.yaml');
  assert.equal(git('commit', '-q', '-m', 'base').status, 0);
  return repo;
}

async function inDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(cwd);
  }
}

describe('homelab diff (CLI)', () => {
  it('exits 0 without changes, 2 with changes, 1 on a bad ref or profile, 64 on conflicting flags', async () => {
    const repo = repoWithProfile();
    await inDir(repo, async () => {
      const same = capture();
      assert.equal(await run(['node', 'homelab', 'diff', '-p', 'lab.yaml'], same.io), 0);
      assert.deepEqual(same.out, ['No changes: lab.yaml matches HEAD.']);

      copyFileSync(diffFixture('vmid'), join(repo, 'lab.yaml'));
      const changed = capture();
      assert.equal(await run(['node', 'homelab', 'diff', '-p', 'lab.yaml', '--base', 'HEAD'], changed.io), 2);
      assert.equal(changed.out[0], 'lab: 0 to add, 1 to change, 1 to replace, 0 to destroy');
      assert.match(changed.out[1]!, /^! REPLACE proxmox_virtual_environment_vm\.lab-worker-1: vm_id changed/);
      assert.ok(changed.out.includes('-/+ proxmox_virtual_environment_vm.lab-worker-1 vm_id: 801 -> 811'));

      const md = capture();
      assert.equal(await run(['node', 'homelab', 'diff', '-p', 'lab.yaml', '-f', 'markdown'], md.io), 2);
      assert.match(md.out.join('\n'), /<details>/);

      const badRef = capture();
      assert.equal(await run(['node', 'homelab', 'diff', '-p', 'lab.yaml', '--base', 'nope'], badRef.io), 1);
      assert.match(badRef.err[0]!, /^error: unknown git ref "nope"/);

      const badProfile = capture();
      assert.equal(await run(['node', 'homelab', 'diff', '-p', 'missing.yaml'], badProfile.io), 1);

      assert.equal(await run(['node', 'homelab', 'diff', '--base', 'HEAD', '--base-dir', 'x'], capture().io), 64);
      assert.equal(await run(['node', 'homelab', 'diff', '-f', 'yaml'], capture().io), 64);
    });
  });
});
