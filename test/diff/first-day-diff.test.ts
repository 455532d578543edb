import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diff, render } from '../../src/diff/diff';
import { diffStack } from '../../src/diff/tf-diff';
import { ValidationError } from '../../src/errors';
import { synth } from '../../src/synth/synth';
import { run } from '../../src/cli/main';
import { capture, diffFixture, diffFixtures } from './support';

describe('diffs a reviewer trusts', () => {
  it('NIC SHIFT: a NIC inserted in the middle moves the one after it (alias, MAC, address), in plain words', async () => {
    const r = await diffFixtures('nic-base', 'nic-insert');
    const shift = r.stacks[0]!.flags.filter((f) => f.kind === 'nic-shift');
    assert.equal(shift.length, 1);
    assert.equal(shift[0]!.address, 'proxmox_virtual_environment_vm.lab-worker-1');
    assert.equal(shift[0]!.severity, 'high');
    assert.match(shift[0]!.message, /^NICs change position: net1 10\.40\.0\.41 \(vmbr3\) MTU 9000 MAC (02:[0-9A-F:]+) → net2 MAC (02:[0-9A-F:]+); net1 10\.30\.0\.31 \(vmbr2\) MAC \1 is new\. /);
    const [, oldMac, newMac] = shift[0]!.message.match(/MAC (\S+) → net2 MAC (\S+);/)!;
    assert.notEqual(oldMac, newMac);
    const text = render(r, 'text');
    assert.ok(text.some((l) => l.startsWith('! NIC SHIFT proxmox_virtual_environment_vm.lab-worker-1: NICs change position: net1 10.40.0.41')), text.join('\n'));
  });

  it('no NIC SHIFT when a NIC is added at the end', async () => {
    const r = await diffFixtures('base', 'nic-base');
    assert.deepEqual(r.stacks[0]!.flags.filter((f) => f.kind === 'nic-shift'), []);
  });

  it('a profile synth refuses gives no diff: the same findings, exit 1', async () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'homelab-diff-'));
    await synth({ profile: diffFixture('base'), projectDir });
    await assert.rejects(diff({ profile: diffFixture('vmid-reused'), baseDir: join(projectDir, 'cdktf.out'), projectDir }),
      (e: unknown) => e instanceof ValidationError && /VMID 800/.test(e.message));
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'diff', diffFixture('vmid-reused'), '--base-dir', join(projectDir, 'cdktf.out')], c.io), 1);
    assert.deepEqual(c.out, []);
  });

  it('--base-dir of another lab is a warning', async () => {
    const r = await diffFixtures('other-lab', 'base');
    assert.match(r.notes[0]!, /^warning: .*cdktf\.out was synthesized from another lab \(stacks other-lab; this profile's lab is "lab"\)/);
    assert.match(render(r, 'text')[0]!, /^warning: /);
  });

  it('removed data sources and outputs are listed but are not changes', () => {
    const before = { data: { talos_client_configuration: { x: { cluster_name: 'a' } } }, output: { addr: { value: '1' } }, resource: {} };
    const s = diffStack('lab', before, { resource: {} });
    assert.deepEqual(s.objects.map((o) => [o.address, o.action]), [['data.talos_client_configuration.x', 'delete'], ['output.addr', 'delete']]);
    assert.deepEqual(s.summary, { added: 0, changed: 0, replaced: 0, destroyed: 0 });
  });
});

describe('VERSION SKIP: a Kubernetes minor-version jump of more than one is an error', () => {
  it('flags v1.31 -> v1.33 on every machine configuration and exits 1; one minor version is fine', async () => {
    const r = await diffFixtures('kubernetes-v131', 'base');
    const skips = r.stacks[0]!.flags.filter((f) => f.kind === 'version-skip');
    assert.deepEqual(skips.map((f) => f.address), ['data.talos_machine_configuration.lab-cp-1', 'data.talos_machine_configuration.lab-worker-1']);
    assert.equal(skips[0]!.message, 'Kubernetes v1.31.4 -> v1.33.6 skips 1 minor version(s): Kubernetes upgrades one minor version at a time; go to v1.32 first');
    assert.equal(r.errors, 2);
    assert.equal((await diffFixtures('kubernetes-v132', 'base')).errors, 0);

    const projectDir = mkdtempSync(join(tmpdir(), 'homelab-diff-'));
    await synth({ profile: diffFixture('kubernetes-v131'), projectDir });
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'diff', diffFixture('base'), '--base-dir', join(projectDir, 'cdktf.out')], c.io), 1);
    assert.ok(c.out.some((l) => l.startsWith('! VERSION SKIP data.talos_machine_configuration.lab-cp-1: Kubernetes v1.31.4 -> v1.33.6')));
    assert.match(c.err.join('\n'), /cannot be applied/);
  });
});
