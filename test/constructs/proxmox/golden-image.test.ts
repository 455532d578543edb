import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/errors';
import { GoldenImage } from '../../../src/constructs/proxmox/golden-image';
import { Host } from '../../../src/constructs/proxmox/host';
import { ProxmoxVm } from '../../../src/constructs/proxmox/proxmox-vm';
import { codeLab, PVE, synthJson } from '../../support/code-lab';

const NOBLE = { url: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img', storage: 'local', datastore: 'local-lvm', templateId: 9000, defaultUser: 'ubuntu' };

describe('GoldenImage (author props)', () => {
  it('resolves props like images.<name>; a VM clones it by name, and both resources are exposed', () => {
    const lab = codeLab();
    const pve = new Host(lab, 'pve', PVE);
    const image = new GoldenImage(lab, 'noble', { ...NOBLE, host: pve });
    new ProxmoxVm(lab, 'app', { vmId: 410, host: 'pve', clone: 'noble', nics: [{ bridge: 'vmbr0', address: '10.10.0.41' }], disks: [{ storage: 'local-lvm', sizeGiB: 20 }] });
    image.download.addOverride('upload_timeout', 1200);
    const tf = synthJson(lab).resource;
    assert.deepEqual([tf.proxmox_download_file.noble.url, tf.proxmox_download_file.noble.upload_timeout], [NOBLE.url, 1200]);
    assert.deepEqual([tf.proxmox_virtual_environment_vm['noble-template'].vm_id, tf.proxmox_virtual_environment_vm['noble-template'].template], [9000, true]);
    assert.deepEqual(tf.proxmox_virtual_environment_vm.app.clone, { vm_id: 9000, node_name: 'pve', full: true, datastore_id: 'local-lvm' });
    assert.equal(lab.image('noble'), image);
    assert.equal(GoldenImage.fromName(lab, 'noble'), image);
    assert.deepEqual(lab.model.images.map((i) => i.name), ['noble']);
    assert.deepEqual(lab.model.vms.map((v) => v.name), ['app']);
  });

  it('rejects a bad url and a storage without import content, naming the construct path', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.throws(() => new GoldenImage(lab, 'bad', { ...NOBLE, host: 'pve', url: 'not a url' }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/bad: url');
    assert.throws(() => new GoldenImage(lab, 'noble', { ...NOBLE, host: 'pve', storage: 'local-lvm' }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/noble: storage' && /does not accept content "import"/.test(err.problems[0]!.message));
  });
});
