/**
 * I/O failures are the user's environment, not bugs: exit 3 with one line that names the path and what to
 * do, the previous output intact when the message says so; a closed pipe ends the command quietly.
 * A full disk (tmpfs) and a read-only folder (read-only bind mount) need root and mount(8): without them
 * those tests are skipped with the reason.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { run } from '../../src/cli/main';
import { isIoError } from '../../src/errors';
import { synth } from '../../src/synth/synth';
import { profilePath, ROOT } from '../support/paths';
import { assertSameTree, leftovers, makeProject, snapshot, type Project } from './project';

const BIN = join(ROOT, 'bin', 'homelab.js');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** Runs mount(8); false (and the test is skipped with the reason) when this machine cannot. */
function mount(t: TestContext, args: string[]): boolean {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  if (r.status === 0) return true;
  t.skip(`cannot run mount ${args.join(' ')} here (${(r.stderr || r.error?.message || 'failed').trim()}); needs root`);
  return false;
}

const umount = (dir: string) => spawnSync('umount', [dir]);

const changeProfile = (p: Project) => writeFileSync(p.profile, readFileSync(p.profile, 'utf8').replace(/memoryMiB: (\d+)/, (_m, n) => `memoryMiB: ${Number(n) + 1024}`));

const synthCli = (p: Project, ...more: string[]) => ['node', 'homelab', 'synth', '-q', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out'), ...more];

describe('robustness: I/O errors exit 3 with one line', () => {
  it('a full disk (ENOSPC) while staging: exit 3, the path and what to do; previous output unchanged, no staging left', async (t) => {
    const mnt = mkdtempSync(join(tmpdir(), 'homelab-tmpfs-'));
    if (!mount(t, ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt])) return;
    try {
      const p = makeProject('triple-nic-mayastor');
      const dir = join(mnt, 'project');
      cpSync(p.dir, dir, { recursive: true });
      const q = { dir, profile: join(dir, 'profiles', 'lab.yaml') };
      await synth({ profile: q.profile, projectDir: q.dir });
      changeProfile(q);
      const before = snapshot(q.dir);
      const { bavail, bsize } = statfsSync(mnt);
      writeFileSync(join(mnt, 'filler'), Buffer.alloc(Math.max(0, Number(bavail) * Number(bsize) - 16 * 1024)));
      const c = capture();
      const code = await run(synthCli(q), c.io);
      assert.equal(code, 3, c.err.join('\n'));
      assert.equal(c.err.length, 1, c.err.join('\n'));
      assert.match(c.err[0]!, /^error: cannot write \/\S+: ENOSPC no space left on the device; free some space and run again; the previous output is unchanged\.$/);
      assert.doesNotMatch(c.err[0]!, /\.tmp-/, 'names the output, not its staging folder');
      assertSameTree(snapshot(q.dir), before);
      assert.deepEqual(leftovers(q.dir), []);
    } finally {
      umount(mnt);
    }
  });

  it('a read-only output folder: exit 3, EROFS, and the previous output really is unchanged', async (t) => {
    const p = makeProject('triple-nic-mayastor');
    await synth({ profile: p.profile, projectDir: p.dir });
    const stack = join(p.dir, 'cdktf.out', 'stacks', 'triple-nic-mayastor');
    mkdirSync(join(stack, '.terraform'));
    writeFileSync(join(stack, '.terraform.lock.hcl'), '# lock\n');
    const out = join(p.dir, 'cdktf.out');
    if (!mount(t, ['--bind', out, out])) return;
    try {
      if (!mount(t, ['-o', 'remount,ro,bind', out])) return;
      changeProfile(p);
      const before = snapshot(p.dir);
      const c = capture();
      assert.equal(await run(synthCli(p), c.io), 3);
      assert.equal(c.err.length, 1, c.err.join('\n'));
      assert.match(c.err[0]!, /^error: cannot write \S+: (EROFS|EBUSY|EXDEV) .*; the previous output is unchanged\.$/);
      assertSameTree(snapshot(p.dir), before);
      assert.deepEqual(leftovers(p.dir), []);
    } finally {
      umount(out);
    }
  });

  it('--out below a file (ENOTDIR/EEXIST): exit 3, one line naming it', async () => {
    const p = makeProject('default');
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'synth', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'README.md', 'sub')], c.io), 3);
    assert.equal(c.err.length, 1);
    assert.match(c.err[0]!, /^error: cannot write \S*README\.md\S*: (ENOTDIR|EEXIST) .*(choose another path)/);
    assert.doesNotMatch(c.err[0]!, /internal error/);
  });

  it('an inventory that cannot be written leaves every tree as it was (one commit for all outputs)', async () => {
    const p = makeProject('triple-nic-mayastor');
    await synth({ profile: p.profile, projectDir: p.dir });
    changeProfile(p);
    rmSync(join(p.dir, 'docs', 'inventory.md'));
    mkdirSync(join(p.dir, 'docs', 'inventory.md', 'oops'), { recursive: true });
    const before = snapshot(p.dir);
    const c = capture();
    assert.equal(await run(synthCli(p), c.io), 3);
    assert.match(c.err[0]!, /inventory\.md is a directory; give --inventory a file name/);
    assertSameTree(snapshot(p.dir), before);
    assert.deepEqual(leftovers(p.dir), []);
  });

  it('--inventory below a file: exit 3, one line', async () => {
    const p = makeProject('default');
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'synth', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out'), '--inventory', 'README.md/inventory.md'], c.io), 3);
    assert.equal(c.err.length, 1, c.err.join('\n'));
    assert.match(c.err[0]!, /^error: cannot write \S*README\.md/);
  });

  for (const command of ['graph', 'inventory', 'schema']) {
    it(`${command} -o into a missing folder: exit 3, one line naming the file`, async () => {
      const c = capture();
      const target = join(tmpdir(), 'homelab-missing-dir', 'x', 'file.out');
      const args = command === 'schema' ? ['-o', target] : ['-p', profilePath('default'), '-o', target];
      assert.equal(await run(['node', 'homelab', command, ...args], c.io), 3);
      assert.deepEqual(c.err, [`error: cannot write ${target}: ENOENT the directory does not exist; create it or choose another path`]);
    });
  }

  it('only environment errors count as I/O errors; anything else stays an internal error', () => {
    assert.equal(isIoError(Object.assign(new Error('x'), { code: 'ENOSPC' })), true);
    assert.equal(isIoError(new TypeError('undefined is not a function')), false);
    assert.equal(isIoError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' })), false);
  });
});

describe('robustness: a closed pipe ends quietly', () => {
  // The schema is ~180 KB, more than a pipe buffer: the reader closing early makes the writer hit EPIPE.
  for (const args of [['schema']]) {
    it(`homelab ${args[0]} | head: exit 0, nothing on stderr`, async () => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
      let stderr = '';
      let bytes = 0;
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', (d) => {
        bytes += d.length;
        child.stdout.destroy();
      });
      const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
      assert.ok(bytes > 0);
      assert.equal(stderr, '');
      assert.equal(code, 0);
    });
  }
});
