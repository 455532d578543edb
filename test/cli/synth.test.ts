import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { fixturePath, profilePath, ROOT } from '../support/paths';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('homelab synth (CLI)', () => {
  it('prints one summary line per stack and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cli-'));
    const c = capture();
    const code = await run(['node', 'homelab', 'synth', '-p', profilePath('triple-nic-mayastor'), '-o', join(dir, 'out'), '--project', dir], c.io);
    assert.equal(code, 0);
    assert.equal(c.out.length, 5);
    assert.equal(c.out[4], `inventory -> ${join(dir, 'docs', 'inventory.md')}`);
    assert.match(readFileSync(join(dir, 'docs', 'inventory.md'), 'utf8'), /| 10.10.0.41 |/);
    assert.match(c.out[0]!, /^triple-nic-mayastor: 20 resources, 5 data sources, 5 VMs, 1 clusters -> /);
    assert.match(c.out[1]!, /^main: \d+ GitOps files -> gitops\/main\/$/);
    // the Infisical credentials come first; the Argo CD values carry the Application health check
    assert.match(c.out[2]!, /^  secret infisical-operator-system\/universal-auth-credentials \(every InfisicalSecret \(universal auth\)\): kubectl create namespace infisical-operator-system /);
    assert.equal(c.out[3], '  bootstrap (once): helm install argocd argo-cd --repo https://argoproj.github.io/argo-helm --version 9.1.3 -n argocd --create-namespace -f gitops/main/bootstrap/argocd-values.yaml --wait && kubectl apply -f gitops/main/argocd/root.yaml');
    assert.match(readFileSync(join(dir, 'gitops', 'main', 'bootstrap', 'argocd-values.yaml'), 'utf8'), /resource\.customizations\.health\.argoproj\.io_Application/);
    assert.ok(existsSync(join(dir, 'gitops', 'main', 'argocd', 'root.yaml')));
  });

  it('collapses the missing sops files of a tree into one warning (flux-layered: 21 files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cli-'));
    const c = capture();
    const code = await run(['node', 'homelab', 'synth', '-p', profilePath('flux-layered'), '-o', join(dir, 'out'), '--project', dir], c.io);
    assert.equal(code, 0);
    const sops = c.err.filter((l) => l.includes('sops'));
    assert.deepEqual(sops, [
      'warning: clusters/main/kubernetes: 21 sops-encrypted secret files do not exist yet (clusters/main/kubernetes/flux-system/cluster-secrets/app/secret-cluster-secrets.sops.yaml, …); each is listed in its kustomization once it exists — the "secret" lines below create and encrypt them',
    ]);
    assert.equal(c.out.filter((l) => l.startsWith('  secret ') && l.endsWith('.sops.yaml')).length, 21);
  });

  it('loads no cdk8s for a lab without a GitOps tree (synth of default starts fast)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cli-'));
    const script = `require(${JSON.stringify(join(ROOT, 'dist/src/cli/main.js'))}).run(['node', 'homelab', 'synth', '-q', '-p', ${JSON.stringify(profilePath('default'))}, '--project', ${JSON.stringify(dir)}], { out() {}, err() {} })
      .then((code) => console.log(code, Object.keys(require.cache).filter((k) => /[\\\\/]cdk8s(-plus-28)?[\\\\/]/.test(k)).length))`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '0 0', r.stderr);
  });

  it('reports a bad profile as path: message; fix, exits 1, writes nothing and prints no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-cli-'));
    const c = capture();
    const code = await run(['node', 'homelab', 'synth', '-p', fixturePath('invalid', 'unknown-bridge.yaml'), '-o', join(dir, 'out')], c.io);
    assert.equal(code, 1);
    assert.match(c.err[0]!, /unknown-bridge\.yaml:\d+:\d+: clusters\.main\.workers\[1\]\.nics\[2\]\.bridge: bridge "vmbr5" is not defined on host "pve"; fix: use one of vmbr0, vmbr1/);
    assert.doesNotMatch(c.err.join('\n'), /\n\s+at /);
    assert.equal(existsSync(join(dir, 'out')), false);
  });

  it('gives the problems as objects with --format json', async () => {
    const c = capture();
    const code = await run(['node', 'homelab', 'synth', '--format', 'json', '-p', fixturePath('invalid', 'typo-nic.yaml'), '-o', mkdtempSync(join(tmpdir(), 'x-'))], c.io);
    assert.equal(code, 1);
    const [finding] = JSON.parse(c.out.join('\n'));
    assert.deepEqual(
      { ...finding, file: finding.file.split('/').pop() },
      { id: 'HL-PROFILE', severity: 'error', file: 'typo-nic.yaml', line: 20, column: 5, path: 'vms.app.nic', message: 'unknown field "nic"', fix: 'did you mean "nics"?' },
    );
  });

  it('maps an unknown option to the usage exit code', async () => {
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'synth', '--nope'], c.io), 64);
  });

  it('runs from the compiled bin with the default profile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-bin-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'homelab.js'), 'synth', '-q', '--project', dir, '-o', join(dir, 'out')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.ok(existsSync(join(dir, 'out', 'stacks', 'default', 'cdk.tf.json')));
  });
});
