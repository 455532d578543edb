import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { synthStack } from '../support/synth';

describe('Talos nodes survive upgrades and replacement', () => {
  it('boot disks ignore image changes, so a new version or schematic never replaces a VM', async () => {
    const doc = await synthStack('default');
    for (const name of ['lab-cp-1', 'lab-worker-1']) {
      assert.deepEqual(doc.resource.proxmox_virtual_environment_vm[name].lifecycle, { ignore_changes: ['disk[0].file_id'] });
    }
  });

  it('re-applies the configuration of a replaced VM (replace_triggered_by with a bare address)', async () => {
    const doc = await synthStack('default');
    assert.deepEqual(doc.resource.talos_machine_configuration_apply['lab-worker-1'].lifecycle, { replace_triggered_by: ['proxmox_virtual_environment_vm.lab-worker-1'] });
  });

  it('bootstraps a single control plane again when its VM identity (VMID, node) changes', async () => {
    const doc = await synthStack('default');
    assert.deepEqual(doc.resource.talos_machine_bootstrap.lab.lifecycle, { replace_triggered_by: ['terraform_data.lab-control-plane'] });
    assert.deepEqual(doc.resource.terraform_data['lab-control-plane'].triggers_replace, { nodeName: 'pve', vmId: 800 });
  });

  it('never re-bootstraps a cluster with several control planes (etcd already has members)', async () => {
    const doc = await synthStack('flux-layered');
    assert.equal(doc.resource.talos_machine_bootstrap.main.lifecycle, undefined);
    assert.equal(doc.resource.terraform_data, undefined);
  });

  it('outputs the installer image of every node for homelab upgrade (nocloud-installer, as talos_image_factory_urls returns it)', async () => {
    const doc = await synthStack('default');
    assert.deepEqual(doc.output.lab_installer_images.value, {
      'lab-cp-1': 'factory.talos.dev/nocloud-installer/${talos_image_factory_schematic.lab-standard.id}:v1.13.0',
      'lab-worker-1': 'factory.talos.dev/nocloud-installer/${talos_image_factory_schematic.lab-standard.id}:v1.13.0',
    });
  });

  it('Terraform itself accepts the bare-address form of replace_triggered_by and rejects the "${…}" form cdktf would write', (t) => {
    if (spawnSync('terraform', ['version'], { encoding: 'utf8' }).status !== 0) return t.skip('terraform is not installed here');
    const check = (ref: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'homelab-tf-'));
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { terraform_data: { id: { triggers_replace: { vmId: 1 } }, apply: { input: 'x', lifecycle: { replace_triggered_by: [ref] } } } } }));
      spawnSync('terraform', ['init', '-input=false', '-backend=false'], { cwd: dir, encoding: 'utf8' });
      return spawnSync('terraform', ['validate', '-no-color'], { cwd: dir, encoding: 'utf8' });
    };
    assert.equal(check('terraform_data.id').status, 0);
    const bad = check('${terraform_data.id}');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr + bad.stdout, /Expected the start of an expression/);
  });
});
