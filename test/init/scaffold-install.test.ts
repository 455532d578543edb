import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/** Offline: every package comes from the npm cache; no registry is contacted. */
function sh(cmd: string, args: string[], cwd: string, timeout = 240_000) {
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_offline: 'true', npm_config_update_notifier: 'false' };
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env });
  return { ...r, all: `${r.stdout}\n${r.stderr}` };
}

describe('a first day: homelab init from the packed package, offline', () => {
  it('scaffolds a repo that installs the same package and passes validate, synth and synth --check', { timeout: 400_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'homelab-scaffold-'));
    const pack = sh('npm', ['pack', '--pack-destination', work, '--ignore-scripts'], ROOT);
    assert.equal(pack.status, 0, pack.all);
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);

    // The CLI a new user runs: installed from the tarball into some folder.
    const tool = join(work, 'tool');
    mkdirSync(tool);
    writeFileSync(join(tool, 'package.json'), JSON.stringify({ name: 'tool', private: true }));
    const toolInstall = sh('npm', ['install', '--ignore-scripts', tarball], tool);
    assert.equal(toolInstall.status, 0, toolInstall.all);

    const created = sh(process.execPath, [join(tool, 'node_modules', 'homelab-cdk', 'bin', 'homelab.js'), 'init', 'my-lab'], work);
    assert.equal(created.status, 0, created.all);
    assert.match(created.stdout, new RegExp(`homelab-cdk dependency: file:${tarball.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
    const lab = join(work, 'my-lab');
    assert.equal(JSON.parse(readFileSync(join(lab, 'package.json'), 'utf8')).dependencies['homelab-cdk'], `file:${tarball}`);

    // The scaffold's own header: npm install && npx homelab validate && npx homelab synth.
    const install = sh('npm', ['install', '--ignore-scripts'], lab);
    assert.equal(install.status, 0, install.all);
    const homelab = (...args: string[]) => sh('npx', ['--no-install', 'homelab', ...args], lab);
    const validate = homelab('validate');
    assert.equal(validate.status, 0, validate.all);
    assert.match(validate.stdout, /^profiles\/lab\.yaml: 0 errors, 0 warnings; valid$/m);
    const synth = homelab('synth');
    assert.equal(synth.status, 0, synth.all);
    assert.match(synth.stdout, /^main: \d+ GitOps files -> gitops\/main\/$/m);
    // With `apps: {}` the Flux root still points at a folder synth writes.
    assert.match(readFileSync(join(lab, 'gitops', 'main', 'flux', 'flux-system', 'gotk-sync.yaml'), 'utf8'), /\n {2}path: gitops\/main\/flux\n/);
    assert.match(readFileSync(join(lab, 'gitops', 'main', 'flux', 'cluster', 'kustomization.yaml'), 'utf8'), /resources: \[\]/);

    const check = homelab('synth', '--check');
    assert.equal(check.status, 0, check.all);
    assert.equal(check.stdout.trim(), 'up to date: cdktf.out/, gitops/main/, docs/inventory.md');
    writeFileSync(join(lab, 'profiles', 'lab.yaml'), readFileSync(join(lab, 'profiles', 'lab.yaml'), 'utf8').replace('branch: main', 'branch: live'));
    const stale = homelab('synth', '--check');
    assert.equal(stale.status, 2, stale.all);
    assert.match(stale.stdout, /^differs: gitops\/main\/flux\/flux-system\/gotk-sync\.yaml$/m);
  });
});
