import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProfileError, ValidationError } from '../../../src/errors';
import { Host } from '../../../src/constructs/proxmox/host';
import { LxcContainer } from '../../../src/constructs/proxmox/lxc-container';
import { ProxmoxVm } from '../../../src/constructs/proxmox/proxmox-vm';
import { TalosCluster } from '../../../src/constructs/talos/talos-cluster';
import { graph } from '../../../src/graph/graph';
import { inventoryMarkdown } from '../../../src/inventory/inventory';
import { synth } from '../../../src/synth/synth';
import type { LabStack } from '../../../stacks/lab-stack';
import { codeLab, PVE, synthJson, vmSpec } from '../../support/code-lab';
import { labObject } from '../../support/lab-object';

const controlPlane = { name: 'cp-1', vmId: 800, host: 'pve', nics: [{ bridge: 'vmbr0', address: '10.10.0.20' }], disks: [{ storage: 'local-lvm', sizeGiB: 32 }] };

/** A code-first lab with a host and a one-node Talos cluster. */
function talosLab(): LabStack {
  const lab = codeLab();
  new Host(lab, 'pve', PVE);
  new TalosCluster(lab, 'main', { controlPlanes: [controlPlane] });
  return lab;
}

describe('whole-lab checks over the construct tree', () => {
  it('a VM written in code that reuses a control plane\'s VMID and IP fails synth with the validate rules\' messages', () => {
    const lab = talosLab();
    new ProxmoxVm(lab, 'jellyfin', vmSpec(800, '10.10.0.20'));
    assert.throws(() => synthJson(lab), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      const errors = err.findings.filter((f) => f.severity === 'error').map((f) => `${f.id} ${f.path}: ${f.message}`);
      assert.ok(errors.includes('HL-ID-001 media-lab/main: controlPlanes[0].vmId: VMID 800 of "cp-1" is already used by "jellyfin" (media-lab/jellyfin)'), errors.join('\n'));
      assert.ok(errors.includes('HL-ADDR-003 media-lab/main: controlPlanes[0].nics[0].address: address 10.10.0.20 is already used by NIC 0 of "jellyfin" (media-lab/jellyfin.nics[0].address)'), errors.join('\n'));
      return true;
    });
  });

  it('a container reusing a VM\'s VMID fails like in a profile (guest ids across kinds)', () => {
    const lab = talosLab();
    new LxcContainer(lab, 'dns', { vmId: 800, host: 'pve', template: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst', disk: { storage: 'local-lvm' }, nics: [{ bridge: 'vmbr0', address: '10.10.0.53' }] });
    assert.throws(() => synthJson(lab), (err: unknown) => err instanceof ProfileError
      && err.problems[0]!.path === 'media-lab/dns: vmId' && err.problems[0]!.message === 'VMID 800 is already used by media-lab/main.controlPlanes[0]');
  });

  it('a valid lab in code synthesizes with the Talos providers and keeps its warnings', () => {
    const lab = talosLab();
    new ProxmoxVm(lab, 'jellyfin', vmSpec(460, '10.10.0.60'));
    const tf = synthJson(lab);
    assert.deepEqual(Object.keys(tf.provider).sort(), ['local', 'proxmox', 'talos']);
    assert.equal(tf.provider.proxmox[0].endpoint, 'https://10.10.0.10:8006/');
    assert.deepEqual(lab.model.vms.map((v) => v.name), ['jellyfin']);
    assert.ok(lab.findings.every((f) => f.severity !== 'error'));
  });

  it('the inventory and the graph of a lab written in code list its VMs', async () => {
    const lab = talosLab();
    new ProxmoxVm(lab, 'jellyfin', vmSpec(460, '10.10.0.60'));
    assert.match(inventoryMarkdown(lab.model), /\| 460 +\| jellyfin +\| pve +\| vm /);
    const mermaid = await graph({ lab: lab.model });
    assert.match(mermaid, /jellyfin/);
    assert.match(mermaid, /cp-1/);
  });

  it('synth({ extend }): a VM the hook adds is checked, and listed in the inventory', async () => {
    const profile = labObject({ clusters: { main: { controlPlanes: [{ ...controlPlane, host: 'pve', nics: [{ bridge: 'vmbr0', address: '10.0.0.20' }], disks: [{ storage: 'local-zfs', sizeGiB: 32 }] }] } } });
    const clash = mkdtempSync(join(tmpdir(), 'homelab-extend-'));
    await assert.rejects(synth({ profile, projectDir: clash, extend: (stack) => {
      new ProxmoxVm(stack, 'jellyfin', { ...vmSpec(800, '10.0.0.60'), disks: [{ storage: 'local-zfs', sizeGiB: 32 }] });
    } }), (err: unknown) => err instanceof ValidationError && err.message.includes('error HL-ID-001 clusters.main.controlPlanes[0].vmId: VMID 800 of "cp-1" is already used by "jellyfin" (lab/jellyfin)'));

    const ok = mkdtempSync(join(tmpdir(), 'homelab-extend-'));
    const result = await synth({ profile, projectDir: ok, extend: (stack) => {
      new ProxmoxVm(stack, 'jellyfin', { ...vmSpec(460, '10.0.0.60'), disks: [{ storage: 'local-zfs', sizeGiB: 32 }] });
    } });
    assert.deepEqual(result.lab.vms.map((v) => v.name), ['jellyfin']);
    assert.equal(result.stacks[0]!.vms, 2);
    const inventory = readFileSync(join(ok, 'docs', 'inventory.md'), 'utf8');
    assert.match(inventory, /\| 460 +\| jellyfin +\| pve /);
    assert.match(inventory, /\| 10\.0\.0\.60\/24 \| NIC \| jellyfin \(vm\) /);
  });

  it('synth({ extend }): a VM the hook adds waits for the profile\'s PCI mapping it uses', async () => {
    const profile = labObject({ proxmox: { mappings: { gpu: { map: [{ host: 'pve', device: 'p4000' }] } } } }) as any;
    profile.hosts.pve.pci = { p4000: { address: '0000:0d:00', id: '10de:1bb1', kind: 'gpu', iommuGroup: 14, subsystemId: '10de:11a3' } };
    const dir = mkdtempSync(join(tmpdir(), 'homelab-extend-'));
    await synth({ profile, projectDir: dir, inventory: false, extend: (stack) => {
      new ProxmoxVm(stack, 'jellyfin', { ...vmSpec(460, '10.0.0.60'), disks: [{ storage: 'local-zfs', sizeGiB: 32 }], pci: [{ mapping: 'gpu' }] });
    } });
    const tf = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'lab', 'cdk.tf.json'), 'utf8'));
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm.jellyfin.depends_on, ['proxmox_hardware_mapping_pci.gpu']);
  });
});
