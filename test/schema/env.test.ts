import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { ProfileError } from '../../src/errors';
import { parseProfile, readProfileFile } from '../../src/schema/load';
import { labObject } from '../support/lab-object';
import { profilePath } from '../support/paths';

const vm = (extra: Record<string, unknown>) => ({ vmId: 500, host: 'pve', nics: [{ bridge: 'vmbr0' }], disks: [{ storage: 'local-zfs', sizeGiB: 8 }], ...extra });

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ProfileError);
    return err.problems;
  }
  assert.fail('expected a ProfileError');
}

describe('${env:NAME} in profiles', () => {
  it('substitutes variables inside strings and uses :- defaults when unset or empty', () => {
    const p = parseProfile(labObject({ proxmox: { endpoint: 'https://${env:PVE_HOST}:8006/', sshUser: '${env:PVE_SSH_USER:-root}', clusterName: '${env:CLUSTER:-lab}' } }), undefined, {
      PVE_HOST: 'pve.lab.arpa',
      CLUSTER: '',
    });
    assert.deepEqual([p.proxmox?.endpoint, p.proxmox?.sshUser, p.proxmox?.clusterName], ['https://pve.lab.arpa:8006/', 'root', 'lab']);
  });

  it('coerces a value that is entirely one reference into the number or boolean its field wants', () => {
    const p = parseProfile(labObject({ vms: { app: vm({ cores: '${env:CORES}', started: '${env:STARTED:-false}', description: '${env:CORES}' }) } }), undefined, { CORES: '8' });
    assert.deepEqual([p.vms?.app?.cores, p.vms?.app?.started, p.vms?.app?.description], [8, false, '8']);
  });

  it('does not coerce partial references or non-numbers: zod reports them', () => {
    const problems = problemsOf(() => parseProfile(labObject({ vms: { app: vm({ cores: '${env:CORES}x' }) } }), undefined, { CORES: '8' }));
    assert.deepEqual(problems.map((p) => [p.path, p.message]), [['vms.app.cores', 'expected number, got "8x"']]);
  });

  it('names the field, the variable and the fix for every unset variable, with file:line:col', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-env-'));
    const file = join(dir, 'lab.yaml');
    writeFileSync(file, [
      'name: lab',
      'proxmox:',
      '  endpoint: ${env:HOMELAB_TEST_UNSET_ENDPOINT}',
      'hosts:',
      '  pve: { address: 10.0.0.2, cpuThreads: 4, memoryMiB: 8192, storage: {}, bridges: {} }',
      'vms:',
      '  app: { vmId: 500, host: pve, nics: [{ bridge: vmbr0 }], disks: [{ storage: x, sizeGiB: 8 }], cloudInit: { sshKeys: ["${env:HOMELAB_TEST_UNSET_KEY}"] } }',
      '',
    ].join('\n'));
    const problems = problemsOf(() => readProfileFile(file));
    assert.deepEqual(problems.map((p) => [p.path, p.message, p.fix, p.line]), [
      ['proxmox.endpoint', 'environment variable HOMELAB_TEST_UNSET_ENDPOINT is not set', 'export HOMELAB_TEST_UNSET_ENDPOINT=... (see homelab synth --print-env)', 3],
      ['vms.app.cloudInit.sshKeys[0]', 'environment variable HOMELAB_TEST_UNSET_KEY is not set', 'export HOMELAB_TEST_UNSET_KEY=... (see homelab synth --print-env)', 7],
    ]);
  });

  it('keeps $${env:X} as the literal text ${env:X}', () => {
    const p = parseProfile(labObject({ description: 'use $${env:X} here' }), undefined, {});
    assert.equal(p.description, 'use ${env:X} here');
  });

  it('homelab synth --print-env lists every variable with its default and where it is used, and writes nothing', async () => {
    const out: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'homelab-env-'));
    const code = await run(['node', 'homelab', 'synth', '--print-env', '-p', profilePath('k3s-three-node'), '-o', join(dir, 'out')], { out: (l) => out.push(l), err: () => {} });
    assert.equal(code, 0);
    const text = out.join('\n');
    assert.match(text, /# clusters\.k3s\.sshKeys\[0\] \(required\)\nexport K3S_SSH_PUBLIC_KEY=\n/);
    assert.match(text, /# proxmox\.endpoint \(default: https:\/\/10\.20\.11\.11:8006\/\)\nexport PROXMOX_ENDPOINT=https:\/\/10\.20\.11\.11:8006\/\n/);
    assert.match(text, /export K3S_VERSION=v1\.33\.6\+k3s1/);
    assert.match(text, /export PROXMOX_VE_API_TOKEN=/);
    assert.match(text, /export GITOPS_REPO_URL=https:\/\/github\.com\/codeofficer\/homelab\.git/);
    assert.deepEqual([...text.matchAll(/^export (\w+)=/gm)].map((m) => m[1]).slice(0, 5), ['ACME_EMAIL', 'GITOPS_REPO_URL', 'K3S_SSH_PUBLIC_KEY', 'K3S_VERSION', 'PROXMOX_ENDPOINT']);
    assert.equal(existsSync(join(dir, 'out')), false);
  });
});
