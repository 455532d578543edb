/**
 * One atomic commit of all outputs: a synth killed (SIGKILL, through the HOMELAB_TEST_CRASH_AFTER hook) after
 * each rename of its commit leaves a project that recovery turns into exactly the old or exactly the new
 * output, with `.terraform/`, the lock file of Terraform and the user's own files intact and no staging
 * left; two synths at once never mix their output.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { BusyError } from '../../src/errors';
import { JOURNAL_FILE, LOCK_FILE, recoverInterrupted } from '../../src/synth/journal';
import { run } from '../../src/cli/main';
import { synth } from '../../src/synth/synth';
import { ROOT } from '../support/paths';
import { assertSameTree, leftovers, makeProject, snapshot, type Project } from './project';

const BIN = join(ROOT, 'bin', 'homelab.js');
const STACK = join('cdktf.out', 'stacks', 'triple-nic-mayastor');

/** A project synthesized from the old profile, with terraform init files and a file of the user's; the profile is then changed. */
async function oldProject(): Promise<Project> {
  const p = makeProject('triple-nic-mayastor');
  await synth({ profile: p.profile, projectDir: p.dir });
  mkdirSync(join(p.dir, STACK, '.terraform', 'providers'), { recursive: true });
  writeFileSync(join(p.dir, STACK, '.terraform', 'providers', 'marker'), 'init\n');
  writeFileSync(join(p.dir, STACK, '.terraform.lock.hcl'), '# lock\n');
  writeFileSync(join(p.dir, 'gitops', 'main', 'my-extra.yaml'), 'kind: ConfigMap\n');
  const text = readFileSync(p.profile, 'utf8');
  const changed = text.replace('branch: main }', 'branch: lab }').replace(/memoryMiB: (\d+)/, (_m, n) => `memoryMiB: ${Number(n) + 1024}`);
  assert.notEqual(changed, text);
  writeFileSync(p.profile, changed);
  return p;
}

function copyOf(p: Project): Project {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-robust-copy-'));
  cpSync(p.dir, dir, { recursive: true, verbatimSymlinks: true });
  return { dir, profile: join(dir, 'profiles', 'lab.yaml') };
}

/** spawnSync's result fields, without blocking the test process (several killed synths run at once). */
function spawnAsync(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (status, signal) => done({ status, signal, stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const synthArgs = (p: Project) => [BIN, 'synth', '-q', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out')];
const targets = (p: Project) => [join(p.dir, 'cdktf.out'), join(p.dir, 'gitops', 'main'), join(p.dir, 'docs', 'inventory.md')];

describe('robustness: a synth killed after any rename of its commit is all old or all new after recovery', () => {
  it('crash points 0 (before the journal) to the last rename', async () => {
    const base = await oldProject();
    const OLD = snapshot(base.dir);
    const fresh = copyOf(base);
    await synth({ profile: fresh.profile, projectDir: fresh.dir });
    const NEW = snapshot(fresh.dir);
    assert.notDeepEqual(NEW, OLD);
    assert.equal(NEW[join(STACK, '.terraform', 'providers', 'marker')], 'init\n');
    assert.equal(NEW[join('gitops', 'main', 'my-extra.yaml')], 'kind: ConfigMap\n');
    const outcomes: string[] = [];
    // The killed synths run a few at a time (each is its own process on its own copy); results are checked in order.
    const BATCH = 4;
    let done = false;
    for (let first = 0; first < 40 && !done; first += BATCH) {
      const copies = Array.from({ length: BATCH }, () => copyOf(base));
      const runs = await Promise.all(copies.map((p, i) => spawnAsync(synthArgs(p), p.dir, { HOMELAB_TEST_CRASH_AFTER: String(first + i) })));
      for (let i = 0; i < BATCH && !done; i++) {
        const n = first + i;
        const p = copies[i]!;
        const r = runs[i]!;
        if (r.status === 0) {
          assertSameTree(snapshot(p.dir), NEW, 'a crash point past the last rename: a normal run');
          done = true;
          break;
        }
        assert.equal(r.signal, 'SIGKILL', `crash point ${n}: ${r.stderr}`);
        recoverInterrupted(p.dir, targets(p));
        const after = snapshot(p.dir);
        const state = JSON.stringify(after) === JSON.stringify(OLD) ? 'old' : JSON.stringify(after) === JSON.stringify(NEW) ? 'new' : 'mixed';
        assert.notEqual(state, 'mixed', `crash point ${n} left a mixed tree: ${JSON.stringify(Object.keys(after).filter((k) => after[k] !== OLD[k] && after[k] !== NEW[k]))}`);
        assert.deepEqual(leftovers(p.dir), []);
        outcomes.push(state);
        // The next synth runs normally and writes the new output.
        await synth({ profile: p.profile, projectDir: p.dir });
        assertSameTree(snapshot(p.dir), NEW);
      }
    }
    assert.ok(done, 'a crash point past the last rename was reached');
    assert.equal(outcomes[0], 'old', 'killed before the journal: the old output stays');
    assert.ok(outcomes.length >= 8, `expected a rename per kept entry and tree, got ${outcomes.length} crash points`);
    assert.ok(outcomes.slice(1).every((o) => o === 'new'), 'killed after the journal: recovery completes the commit');
  });
});

describe('robustness: homelab diff finishes an interrupted synth before it reads the trees', () => {
  it('killed after the third rename, then diff: the project is the new output, with a note', async () => {
    const p = await oldProject();
    const expected = copyOf(p);
    await synth({ profile: expected.profile, projectDir: expected.dir });
    const crashed = spawnSync(process.execPath, synthArgs(p), { cwd: p.dir, encoding: 'utf8', env: { ...process.env, HOMELAB_TEST_CRASH_AFTER: '3' } });
    assert.equal(crashed.signal, 'SIGKILL');
    const r = spawnSync(process.execPath, [BIN, 'diff', '-p', p.profile, '--base-dir', join(p.dir, 'cdktf.out')], { cwd: p.dir, encoding: 'utf8' });
    assert.match(r.stderr, /^note: completed the interrupted synth of /m);
    const { [LOCK_FILE]: _lock, ...after } = snapshot(p.dir);
    assertSameTree(after, snapshot(expected.dir));
  });
});

describe('robustness: a journal that cannot be finished is a clear error, never a guess', () => {
  it('a step whose staged folder is gone: exit 3 naming the journal and what to do', async () => {
    const p = await oldProject();
    writeFileSync(join(p.dir, JOURNAL_FILE), JSON.stringify({ version: 1, steps: [{ from: '.cdktf.out.tmp-gone', to: 'build' }], done: 0, cleanup: [] }));
    const err: string[] = [];
    assert.equal(await run(['node', 'homelab', 'synth', '-q', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out')], { out: () => {}, err: (l) => err.push(l) }), 3);
    assert.equal(err.length, 1);
    assert.match(err[0]!, /^error: cannot finish the interrupted synth recorded in \S+\.homelab-synth\.journal\.json \(cannot write \S+: ENOENT .*\); check \.cdktf\.out\.tmp-gone and build, then remove the journal and run synth again$/);
  });

  it('a journal naming paths outside the project (e.g. committed to the repository) is refused: nothing is renamed or removed', async () => {
    const p = await oldProject();
    const victim = mkdtempSync(join(tmpdir(), 'homelab-victim-'));
    writeFileSync(join(victim, 'keep'), 'x');
    for (const journal of <{ version: number; steps: { from: string; to: string }[]; done: number; cleanup: string[] }[]>[
      { version: 1, steps: [], done: 0, cleanup: [relative(p.dir, victim)] },
      { version: 1, steps: [], done: 0, cleanup: [victim] },
      { version: 1, steps: [{ from: 'cdktf.out', to: relative(p.dir, join(victim, 'x')) }], done: 0, cleanup: [] },
      { version: 1, steps: [], done: 0, cleanup: ['docs'] },
    ]) {
      writeFileSync(join(p.dir, JOURNAL_FILE), JSON.stringify(journal));
      const err: string[] = [];
      assert.equal(await run(['node', 'homelab', 'synth', '-q', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out')], { out: () => {}, err: (l) => err.push(l) }), 3);
      assert.match(err[0]!, /journal\.json is damaged/);
      assert.deepEqual(readdirSync(victim), ['keep']);
      assert.ok(existsSync(join(p.dir, 'docs')), 'a folder that is not a backup of synth is not removed');
    }
  });

  it('a damaged journal: exit 3, asks to check and remove it', async () => {
    const p = await oldProject();
    writeFileSync(join(p.dir, JOURNAL_FILE), '{"version": 1, "steps": [');
    const err: string[] = [];
    assert.equal(await run(['node', 'homelab', 'synth', '-q', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out')], { out: () => {}, err: (l) => err.push(l) }), 3);
    assert.match(err[0]!, /journal\.json is damaged; the last synth was interrupted\. Check the output folders, remove the file and run synth again$/);
  });
});

describe('robustness: one synth at a time per project', () => {
  it('a lock held by a running process stops synth with a clear message; nothing is written', async () => {
    const p = await oldProject();
    writeFileSync(join(p.dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: require('node:os').hostname(), started: 'now' }));
    const before = snapshot(p.dir);
    await assert.rejects(synth({ profile: p.profile, projectDir: p.dir }), (err: Error) => err instanceof BusyError && /another homelab synth \(pid \d+/.test(err.message) && err.message.includes(LOCK_FILE));
    assertSameTree(snapshot(p.dir), before);
  });

  it('a lock left by a process that is gone is taken over', async () => {
    const p = await oldProject();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(p.dir, LOCK_FILE), JSON.stringify({ pid: gone, host: require('node:os').hostname(), started: 'then' }));
    await synth({ profile: p.profile, projectDir: p.dir });
    assert.deepEqual(leftovers(p.dir), []);
  });

  it('two synths started together: each exits 0 or 3 (busy), and the output is exactly one run\'s', async () => {
    const p = await oldProject();
    const expected = copyOf(p);
    await synth({ profile: expected.profile, projectDir: expected.dir });
    const NEW = snapshot(expected.dir);
    const runOne = () => new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, synthArgs(p), { cwd: p.dir });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => done({ code, stderr }));
    });
    const results = await Promise.all([runOne(), runOne(), runOne()]);
    for (const r of results) {
      assert.ok(r.code === 0 || r.code === 3, r.stderr);
      if (r.code === 3) assert.match(r.stderr, /^error: another homelab synth \(pid \d+/);
    }
    assert.ok(results.some((r) => r.code === 0));
    assertSameTree(snapshot(p.dir), NEW);
    assert.deepEqual(leftovers(p.dir), []);
  });
});
