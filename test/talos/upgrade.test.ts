import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { upgrade, UpgradeError, withProfileVersion } from '../../src/talos/upgrade';
import { profilePath } from '../support/paths';

const IMAGES = { 'k8s-cp-1': 'img-cp', 'k8s-cp-2': 'img-cp', 'k8s-cp-3': 'img-cp', 'k8s-worker-1': 'img-w', 'k8s-worker-2': 'img-w' };

/** A project dir with a fake terraform (prints the installer images) and, optionally, a fake talosctl. */
function fakeTools(opts: { talosctl: boolean; failOn?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-upgrade-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  mkdirSync(join(dir, 'cdktf.out', 'stacks', 'flux-layered'), { recursive: true });
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('terraform', `echo '${JSON.stringify(IMAGES)}'`);
  const log = join(dir, 'talosctl.log');
  if (opts.talosctl) {
    script('talosctl', `echo "$*" >> ${log}\ncase "$*" in *"--nodes ${opts.failOn ?? 'none'} "*upgrade*) exit 1;; esac\nexit 0`);
  }
  return { dir, log, env: { PATH: `${bin}:/usr/bin:/bin` } };
}

describe('homelab upgrade', () => {
  it('--dry-run prints the rolling order: control planes one at a time with a health check after each, workers, then Kubernetes', async () => {
    const t = fakeTools({ talosctl: false });
    const lines: string[] = [];
    const r = await upgrade({ profile: profilePath('flux-layered'), dryRun: true, projectDir: t.dir, env: t.env, log: (l) => lines.push(l) });
    assert.deepEqual(r.steps.map((s) => `${s.what} ${s.node}`), [
      'upgrade k8s-cp-1', 'health k8s-cp-1', 'upgrade k8s-cp-2', 'health k8s-cp-2', 'upgrade k8s-cp-3', 'health k8s-cp-3',
      'upgrade k8s-worker-1', 'health k8s-worker-1', 'upgrade k8s-worker-2', 'health k8s-worker-2', 'upgrade-k8s k8s-cp-1',
    ]);
    assert.equal(r.ran, 0);
    assert.equal(lines[0], `[1/11] k8s-cp-1: talosctl --talosconfig ${join(t.dir, 'generated/main/talosconfig')} --nodes 192.168.10.161 --endpoints 192.168.10.161 upgrade --image img-cp --wait --timeout 20m`);
    assert.match(lines[10]!, /upgrade-k8s --to 1\.33\.6$/);
  });

  it('runs talosctl in that order and stops at the first failure with the resume command', async () => {
    const t = fakeTools({ talosctl: true, failOn: '192.168.10.162' });
    await assert.rejects(
      upgrade({ profile: profilePath('flux-layered'), projectDir: t.dir, env: t.env }),
      (err: Error) => err instanceof UpgradeError && /talosctl upgrade failed for node k8s-cp-2/.test(err.message) && /--from k8s-cp-2/.test(err.message),
    );
    const calls = readFileSync(t.log, 'utf8').trim().split('\n');
    assert.equal(calls.length, 3, 'cp-1 upgrade, cp-1 health, cp-2 upgrade (failed); nothing after');
    assert.match(calls[0]!, /--nodes 192\.168\.10\.161 --endpoints 192\.168\.10\.161 upgrade --image img-cp/);
    assert.match(calls[1]!, /health --wait-timeout 10m --control-plane-nodes 192\.168\.10\.161,192\.168\.10\.162,192\.168\.10\.163 --worker-nodes/);
  });

  it('resumes with --from and finishes every step', async () => {
    const t = fakeTools({ talosctl: true });
    const r = await upgrade({ profile: profilePath('flux-layered'), projectDir: t.dir, env: t.env, from: 'k8s-worker-2' });
    assert.equal(r.ran, 3);
    assert.deepEqual(readFileSync(t.log, 'utf8').trim().split('\n').map((l) => l.split(' ').slice(6, 7)[0]), ['upgrade', 'health', 'upgrade-k8s']);
  });

  it('without talosctl on PATH says how to install it', async () => {
    const t = fakeTools({ talosctl: false });
    await assert.rejects(upgrade({ profile: profilePath('flux-layered'), projectDir: t.dir, env: t.env }), /talosctl is not on PATH; install/);
  });
  it('upgrades before apply: images the outputs name at an older Talos version get the profile\'s tag, same schematic', () => {
    const lines: string[] = [];
    const old = 'factory.talos.dev/nocloud-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.11.5';
    const images = withProfileVersion({ a: old, b: 'registry.example/installer:v1.11.5' }, 'v1.12.0', (l) => lines.push(l));
    assert.deepEqual(images, {
      a: 'factory.talos.dev/nocloud-installer/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba:v1.12.0',
      b: 'registry.example/installer:v1.11.5',
    });
    assert.match(lines[0]!, /^note: the Terraform outputs name Talos v1\.11\.5 .* upgrading to v1\.12\.0 with the same schematic/);
    assert.deepEqual(withProfileVersion({ a: old }, 'v1.11.5', (l) => lines.push(l)), { a: old });
    assert.equal(lines.length, 1);
  });
});
