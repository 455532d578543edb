import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diff, DiffError, render } from '../../src/diff/diff';
import { fixturePath } from '../support/paths';
import { diffFixture, diffFixtures } from './support';

const VM = 'proxmox_virtual_environment_vm';

describe('homelab diff (profiles)', () => {
  it('finds nothing when the profile did not change', async () => {
    const r = await diffFixtures('base', 'base');
    assert.equal(r.changed, false);
    assert.deepEqual(r.stacks.map((s) => [s.name, s.objects.length, s.flags.length]), [['lab', 0, 0]]);
    assert.deepEqual(r.stacks[0]!.summary, { added: 0, changed: 0, replaced: 0, destroyed: 0 });
  });

  it('flags a VMID change as replacement of that VM only', async () => {
    const s = (await diffFixtures('base', 'vmid')).stacks[0]!;
    const vm = s.objects.find((o) => o.address === `${VM}.lab-worker-1`)!;
    assert.equal(vm.action, 'replace');
    assert.deepEqual(vm.changes.find((c) => c.path === 'vm_id'), { path: 'vm_id', before: 801, after: 811 });
    const replaced = s.flags.filter((f) => f.kind === 'replace');
    assert.deepEqual(replaced.map((f) => [f.address, f.severity, f.paths]), [[`${VM}.lab-worker-1`, 'high', ['vm_id']]]);
    assert.match(replaced[0]!.source!, /vm\.go:1767/);
    assert.equal(s.summary.replaced, 1);
  });

  it('reports a worker memory change as an in-place update with its path, flagged as a possible reboot', async () => {
    const s = (await diffFixtures('base', 'memory')).stacks[0]!;
    assert.deepEqual(s.objects.map((o) => [o.address, o.action]), [[`${VM}.lab-worker-1`, 'update']]);
    assert.deepEqual(s.objects[0]!.changes, [{ path: 'memory.dedicated', before: 8192, after: 12288 }]);
    assert.deepEqual(s.flags.map((f) => [f.kind, f.severity, f.paths]), [['reboot', 'medium', ['memory.dedicated']]]);
    assert.deepEqual(s.summary, { added: 0, changed: 1, replaced: 0, destroyed: 0 });
  });

  it('shows a removed VM as destroyed', async () => {
    const s = (await diffFixtures('base', 'remove-vm')).stacks[0]!;
    assert.deepEqual(s.objects.map((o) => [o.address, o.action]), [[`${VM}.app`, 'delete']]);
    assert.deepEqual(s.flags.map((f) => [f.kind, f.severity, f.address]), [['destroy', 'high', `${VM}.app`]]);
    assert.match(s.flags[0]!.message, /VMID 300/);
    assert.equal(s.summary.destroyed, 1);
  });

  it('follows a new image schematic to the download but replaces no VM (boot disks ignore image changes): UPGRADE in place', async () => {
    const s = (await diffFixtures('base', 'extension')).stacks[0]!;
    const replaced = s.objects.filter((o) => o.action === 'replace').map((o) => o.address);
    assert.deepEqual(replaced, ['proxmox_download_file.lab-standard-pve']);
    assert.deepEqual(s.objects.filter((o) => o.address.startsWith(VM)), []);
    const upgrades = s.flags.filter((f) => f.kind === 'upgrade');
    assert.deepEqual(upgrades.map((f) => f.address), ['data.talos_machine_configuration.lab-cp-1', 'data.talos_machine_configuration.lab-worker-1']);
    for (const f of upgrades) assert.match(f.message, /in place, run: homelab upgrade --cluster lab/);
  });

  it('a talosVersion bump upgrades in place: no VM replaced, no cluster-reset flag, UPGRADE per node', async () => {
    const s = (await diffFixtures('base', 'talos-version')).stacks[0]!;
    assert.deepEqual(s.objects.filter((o) => o.action === 'replace').map((o) => o.address), ['proxmox_download_file.lab-standard-pve']);
    assert.deepEqual(s.flags.filter((f) => f.kind === 'replace' && f.address.startsWith(VM)), []);
    assert.deepEqual(s.flags.filter((f) => f.kind === 'cluster-reset'), []);
    const version = s.flags.filter((f) => f.kind === 'upgrade' && f.paths?.includes('talos_version'));
    assert.deepEqual(version.map((f) => f.message), [
      '(in place, run: homelab upgrade --cluster lab) talos_version v1.13.0 -> v1.13.2 for node lab-cp-1',
      '(in place, run: homelab upgrade --cluster lab) talos_version v1.13.0 -> v1.13.2 for node lab-worker-1',
    ]);
  });

  it('renders markdown for a PR comment (snapshot)', async () => {
    const r = await diffFixtures('base', 'vmid');
    const md = render({ ...r, profile: 'lab.yaml', base: 'main' }, 'markdown').join('\n') + '\n';
    assert.equal(md, readFileSync(fixturePath('diff', 'vmid.md'), 'utf8'));
  });

  it('renders a stable JSON object', async () => {
    const r = await diffFixtures('base', 'memory');
    const json = JSON.parse(render(r, 'json').join('\n'));
    assert.deepEqual(Object.keys(json), ['base', 'changed', 'changedStacks', 'clusters', 'errors', 'notes', 'profile', 'stacks']);
    assert.deepEqual(json.stacks[0].objects[0].changes, [{ after: 12288, before: 8192, path: 'memory.dedicated' }]);
    assert.deepEqual(json.changedStacks, [r.stacks[0]!.name]);
  });

  it('rejects a directory that is not synth output', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'homelab-diff-empty-'));
    await assert.rejects(diff({ profile: diffFixture('base'), baseDir: empty }), DiffError);
  });
});

describe('homelab diff --base <ref>', () => {
  it('synthesizes the profile as committed at the ref from a temporary worktree, and removes it', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'homelab-diff-git-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: repo, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    git('init', '-q');
    copyFileSync(diffFixture('base'), join(repo, 'lab.yaml'));
    git('add', 'lab.yaml');
    git('commit', '-q', '-m', 'base');
    const profile = join(repo, 'lab.yaml');

    assert.equal((await diff({ profile, base: 'HEAD', projectDir: repo })).changed, false);
    copyFileSync(diffFixture('memory'), profile);
    const r = await diff({ profile, base: 'HEAD', projectDir: repo });
    assert.deepEqual(r.stacks[0]!.objects.map((o) => [o.address, o.action, o.changes]), [
      [`${VM}.lab-worker-1`, 'update', [{ path: 'memory.dedicated', before: 8192, after: 12288 }]],
    ]);
    await assert.rejects(diff({ profile, base: 'no-such-ref', projectDir: repo }), /unknown git ref "no-such-ref"/);

    assert.equal(git('worktree', 'list').trim().split('\n').length, 1);
    assert.equal(readdirSync(tmpdir()).filter((n) => n.startsWith('homelab-diff-base-') && existsSync(join(tmpdir(), n, 'lab.yaml'))).length, 0);
  });
  it('reads a profile that includes files above its own folder (inside the project) at the ref', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'homelab-diff-git-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: repo, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    git('init', '-q');
    mkdirSync(join(repo, 'profiles'));
    mkdirSync(join(repo, 'shared'));
    const base = readFileSync(diffFixture('base'), 'utf8');
    writeFileSync(join(repo, 'shared', 'lab.yaml'), base);
    writeFileSync(join(repo, 'profiles', 'lab.yaml'), 'include: [../shared/lab.yaml]\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    const r = await diff({ profile: join(repo, 'profiles', 'lab.yaml'), base: 'HEAD', projectDir: repo });
    assert.equal(r.changed, false);
  });
});
