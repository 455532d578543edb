import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadLab } from '../../src/model/load';
import { labObject, synthAll } from '../support/lab-object';
import { synthStack } from '../support/synth';
import { validateTerraformJson } from '../support/terraform-schema';

const image = (extra: Record<string, unknown> = {}) => ({
  url: 'https://cloud.debian.org/images/cloud/trixie/latest/debian-13-genericcloud-amd64.qcow2',
  host: 'pve',
  storage: 'local',
  datastore: 'local-zfs',
  templateId: 9112,
  defaultUser: 'debian',
  ...extra,
});

describe('images: golden images and templates', () => {
  it('single-node-gpu: the four distributions of the fact sheet become templates with their VMIDs and users', async () => {
    const tf = await synthStack('single-node-gpu');
    const vms = tf.resource.proxmox_virtual_environment_vm;
    const rows = ['ubuntu-2404', 'debian-13', 'arch', 'nixos-2511'].map((n) => {
      const t = vms[`${n}-template`];
      return [n, t.vm_id, t.template, t.initialization.user_account.username];
    });
    assert.deepEqual(rows, [
      ['ubuntu-2404', 9102, true, 'wdiaz'],
      ['debian-13', 9112, true, 'wdiaz'],
      ['arch', 9302, true, 'wdiaz'],
      ['nixos-2511', 9202, true, 'nixos'],
    ]);
    const vendor = parse(tf.resource.proxmox_virtual_environment_file['debian-13-vendor-data'].source_raw.data);
    assert.deepEqual(vendor, {
      timezone: 'America/El_Salvador',
      packages: ['qemu-guest-agent'],
      runcmd: [['systemctl', 'enable', '--now', 'qemu-guest-agent'], ['usermod', '--shell', '/bin/bash', 'wdiaz']],
    });
    // NixOS: no guest-agent package, no timezone or shell: no vendor-data at all.
    assert.equal(tf.resource.proxmox_virtual_environment_file['nixos-2511-vendor-data'], undefined);
    assert.equal(vms['nixos-2511-template'].initialization.vendor_data_file_id, undefined);
    assert.equal(tf.resource.proxmox_download_file['debian-13'].content_type, 'import');
    assert.equal(vms['arch-template'].bios, 'ovmf');
    assert.equal(vms['debian-13-template'].bios, 'seabios');
    assert.equal(vms['debian-13-template'].efi_disk, undefined);
  });

  it('passes checksum and algorithm to proxmox_download_file and stays valid for bpg/proxmox', async () => {
    const sha512 = 'ab'.repeat(64);
    const tf = (await synthAll(labObject({ images: { debian: image({ checksum: sha512, checksumAlgorithm: 'sha512', uefi: true }) } }))).lab;
    assert.deepEqual(validateTerraformJson(tf), []);
    const dl = tf.resource.proxmox_download_file.debian;
    assert.deepEqual([dl.checksum, dl.checksum_algorithm, dl.file_name, dl.node_name, dl.datastore_id], [sha512, 'sha512', 'debian.qcow2', 'pve', 'local']);
    const t = tf.resource.proxmox_virtual_environment_vm['debian-template'];
    assert.deepEqual([t.bios, t.machine, t.efi_disk.type, t.disk[0].import_from], ['ovmf', 'q35', '4m', '${proxmox_download_file.debian.id}']);
  });

  it('defaults the checksum algorithm to sha256', () => {
    const lab = loadLab(labObject({ images: { debian: image({ checksum: 'cd'.repeat(32) }) } }));
    assert.equal(lab.images[0]!.checksumAlgorithm, 'sha256');
  });

  it('refuses image storage without content import, and a base id that collides', () => {
    const profile = labObject({ images: { a: image({ storage: 'local-zfs', baseId: 9112 }) } });
    assert.throws(() => loadLab(profile), (err: Error) => {
      assert.match(err.message, /images\.a\.storage: storage "local-zfs" on host "pve" does not accept content "import"/);
      assert.match(err.message, /images\.a\.baseId: VMID 9112 is already used by images\.a\.templateId/);
      return true;
    });
  });
});
