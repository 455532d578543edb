import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { render } from '../../src/diff/diff';
import { loadLab } from '../../src/model/load';
import { migrationBlockers } from '../../src/proxmox/migration';
import { validateLab } from '../../src/validate/validate';
import { diffFixture, diffFixtures } from './support';

const VM = 'proxmox_virtual_environment_vm';

describe('homelab diff: host changes with migrate', () => {
  it('shows MIGRATE and no REPLACE for a VM on shared storage, and REPLACE for one on local storage', async () => {
    const r = await diffFixtures('migrate-base', 'migrate-host');
    const s = r.stacks[0]!;
    const app = s.objects.find((o) => o.address === `${VM}.app`)!;
    assert.equal(app.action, 'update');
    const appFlags = s.flags.filter((f) => f.address === `${VM}.app`);
    assert.deepEqual(appFlags.map((f) => [f.kind, f.paths]), [['migrate', ['node_name']]]);
    assert.match(appFlags[0]!.message, /node_name changed and migrate is true: moved to the new node in place/);
    assert.match(appFlags[0]!.source!, /vm\.go:1781/);
    const db = s.objects.find((o) => o.address === `${VM}.db`)!;
    assert.equal(db.action, 'replace');
    assert.deepEqual(s.flags.filter((f) => f.address === `${VM}.db`).map((f) => [f.kind, f.message]), [['replace', 'node_name changed and migrate is not true']]);
    const text = render(r, 'text').join('\n');
    assert.match(text, /MIGRATE proxmox_virtual_environment_vm\.app/);
    assert.doesNotMatch(text, /REPLACE proxmox_virtual_environment_vm\.app/);
  });

  it('says why a VM on local storage is not migrated (HL-PVE-005)', () => {
    const profile = parse(readFileSync(diffFixture('migrate-base'), 'utf8'));
    const lab = loadLab({ ...profile, acknowledge: undefined });
    const f = validateLab(lab).filter((x) => x.id === 'HL-PVE-005');
    assert.deepEqual(f.map((x) => x.path), ['vms.db.migrate']);
    assert.match(f[0]!.message, /disk 0 is on storage "local-lvm", which is local to pve1/);
  });
});

describe('which VMs migrate: true can move', () => {
  it('blocks local disks, devices by address and mapped devices of running VMs (QemuMigrate.pm), not a stopped VM with a mapping', () => {
    const profile = parse(readFileSync(diffFixture('migrate-base'), 'utf8'));
    profile.hosts.pve1.pci = { gpu: { address: '0000:0d:00.0', id: '10de:1bb1', kind: 'gpu', iommuGroup: 16, subsystemId: '10de:11a3' } };
    profile.proxmox.mappings = { gpu: { map: [{ host: 'pve1', device: 'gpu' }] } };
    profile.vms.app.pci = [{ mapping: 'gpu' }];
    const lab = loadLab({ ...profile, acknowledge: undefined });
    const app = lab.vms.find((v) => v.name === 'app')!;
    assert.deepEqual(migrationBlockers(app), ['pci[0] passes mapping gpu to a running VM, which Proxmox does not live-migrate']);
    assert.deepEqual(migrationBlockers({ ...app, started: false }), []);
    assert.deepEqual(migrationBlockers({ ...app, pci: [{ ...app.pci[0]!, mapping: undefined, address: '0000:0d:00.0' }], started: false }),
      ['pci[0] passes host device 0000:0d:00.0 by address']);
  });
});
