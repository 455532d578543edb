import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { ValidationError } from '../../src/errors';
import { synth } from '../../src/synth/synth';
import { fixturePath, profilePath } from '../support/paths';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const homelab = (...args: string[]) => ['node', 'homelab', ...args];
const rulesFixture = (name: string) => fixturePath('invalid', 'rules', `${name}.yaml`);

describe('homelab validate (CLI)', () => {
  it('exits 0 on a clean profile and prints a one-line summary', async () => {
    const c = capture();
    assert.equal(await run(homelab('validate', '-p', profilePath('default')), c.io), 0);
    assert.deepEqual(c.out, [`${profilePath('default')}: 0 errors, 0 warnings; valid`]);
  });

  it('exits 1 on errors and prints path: message [id]; fix per finding', async () => {
    const c = capture();
    assert.equal(await run(homelab('validate', '-p', rulesFixture('mtu-above-bridge')), c.io), 1);
    assert.match(c.out[0]!, /^error \S+mtu-above-bridge\.yaml:33:\d+: clusters\.main\.workers\[1\]\.nics\[2\]\.mtu: MTU 9000 is above the MTU 1500 of bridge "vmbr4" on host "pve".* \[HL-NET-002\]; fix: use at most 1500/);
    assert.match(c.out.at(-1)!, /: 1 error, 0 warnings; invalid$/);
  });

  it('exits 0 with warnings, and 1 with --strict', async () => {
    const c = capture();
    assert.equal(await run(homelab('validate', '-p', rulesFixture('pci-raw-address')), c.io), 0);
    assert.match(c.out.at(-1)!, /: 0 errors, 1 warning; valid$/);
    const strict = capture();
    assert.equal(await run(homelab('validate', '--strict', '-p', rulesFixture('pci-raw-address')), strict.io), 1);
    assert.match(strict.out.at(-1)!, /invalid \(--strict: warnings fail\)$/);
    assert.equal(await run(homelab('validate', '--strict', '-p', profilePath('triple-nic-mayastor')), capture().io), 0, 'acknowledged warnings do not fail --strict');
  });

  it('--format json prints the findings as an array of objects and the summary on stderr', async () => {
    const c = capture();
    assert.equal(await run(homelab('validate', '--format', 'json', '-p', rulesFixture('budget-memory')), c.io), 1);
    const findings = JSON.parse(c.out.join('\n'));
    assert.ok(Array.isArray(findings));
    assert.deepEqual({ ...findings[0], file: findings[0].file.split('/').pop() }, {
      id: 'HL-HW-003',
      severity: 'error',
      file: 'budget-memory.yaml',
      line: 9,
      column: 15,
      path: 'hosts.pve.budget.memoryMiB',
      message: 'VMs on "pve" use 12288 MiB, above the budget of 12000 (cp-1 4096, worker-1 8192)',
      fix: 'shrink VMs by 288 MiB or raise the budget',
    });
    assert.match(c.err.join('\n'), /1 error, 0 warnings; invalid/);
    const clean = capture();
    await run(homelab('validate', '--format', 'json', '-p', profilePath('default')), clean.io);
    assert.deepEqual(JSON.parse(clean.out.join('\n')), []);
  });

  it('maps a wrong --format to the usage exit code and a bad profile to 1', async () => {
    assert.equal(await run(homelab('validate', '--format', 'xml'), capture().io), 64);
    const c = capture();
    assert.equal(await run(homelab('validate', '-p', fixturePath('invalid', 'unknown-bridge.yaml')), c.io), 1);
    assert.match(c.err[0]!, /clusters\.main\.workers\[1\]\.nics\[2\]\.bridge: bridge "vmbr5" is not defined/);
  });
});

describe('homelab synth runs validation first', () => {
  it('refuses to write on a rule error and prints the findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-validate-'));
    const c = capture();
    assert.equal(await run(homelab('synth', '-p', rulesFixture('address-twice-nodes'), '-o', join(dir, 'out'), '--project', dir), c.io), 1);
    assert.match(c.err[0]!, /address-twice-nodes\.yaml:\d+:\d+: error HL-ADDR-003 clusters\.lab\.workers\[0\]\.nics\[0\]\.address: address 192\.168\.1\.20 is already used/);
    assert.match(c.err.at(-1)!, /^1 error, 0 warnings; nothing was written/);
    assert.equal(existsSync(join(dir, 'out')), false);
    await assert.rejects(synth({ profile: rulesFixture('address-twice-nodes'), projectDir: dir }), ValidationError);
    assert.equal(existsSync(join(dir, 'cdktf.out')), false);
  });

  it('prints warnings on stderr and still writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-validate-'));
    const c = capture();
    assert.equal(await run(homelab('synth', '-p', rulesFixture('pci-raw-address'), '-o', join(dir, 'out'), '--project', dir), c.io), 0);
    assert.equal(c.err.filter((l) => l.includes('warning HL-HW-007')).length, 1);
    assert.equal(c.out.length, 2, 'the stack line and the inventory');
    assert.ok(existsSync(join(dir, 'out', 'stacks', 'bad', 'cdk.tf.json')));
  });
});
