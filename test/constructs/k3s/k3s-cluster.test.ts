import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/errors';
import { K3sCluster } from '../../../src/constructs/k3s/k3s-cluster';
import { GoldenImage } from '../../../src/constructs/proxmox/golden-image';
import { Host } from '../../../src/constructs/proxmox/host';
import { codeLab, PVE, synthJson } from '../../support/code-lab';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK3sCode ops@lab';
const server = (name: string, vmId: number, address: string) => ({ name, vmId, host: 'pve', nics: [{ bridge: 'vmbr0', address }], disks: [{ storage: 'local-lvm', sizeGiB: 20 }] });

describe('K3sCluster (author props)', () => {
  it('resolves props like a k3s clusters.<name>, cloning the GoldenImage given by construct', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    const noble = new GoldenImage(lab, 'noble', { url: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img', host: 'pve', storage: 'local', datastore: 'local-lvm', templateId: 9000, defaultUser: 'ubuntu' });
    const k3s = new K3sCluster(lab, 'edge', { template: noble, sshKeys: [KEY], servers: [server('s-1', 600, '10.10.0.61')] });
    k3s.token.addOverride('special', false);
    const tf = synthJson(lab);
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm['s-1'].clone.vm_id, 9000);
    assert.ok(tf.resource.proxmox_virtual_environment_vm['s-1'].depends_on.includes('proxmox_virtual_environment_vm.noble-template'));
    assert.equal(tf.resource.random_password['edge-token'].special, false);
    assert.deepEqual(Object.keys(tf.provider).sort(), ['proxmox', 'random']);
    assert.equal(lab.cluster('edge'), k3s);
    assert.equal(K3sCluster.fromName(lab, 'edge'), k3s);
  });

  it('rejects a cluster without ssh keys, and an image that is not in the lab', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.throws(() => new K3sCluster(lab, 'a', { template: 'noble', sshKeys: [], servers: [server('s-1', 600, '10.10.0.61')] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/a: sshKeys');
    assert.throws(() => new K3sCluster(lab, 'b', { template: 'noble', sshKeys: [KEY], servers: [server('s-1', 600, '10.10.0.61')] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/b: template' && /image "noble" is not defined/.test(err.problems[0]!.message));
  });
});
