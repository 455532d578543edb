import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../src/errors';
import { loadLab } from '../../src/model/load';
import { labObject, synthAll } from '../support/lab-object';
import { validateTerraformJson } from '../support/terraform-schema';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIContainerKey admin@lab';

const container = (extra: Record<string, unknown> = {}) => ({
  vmId: 300,
  host: 'pve',
  template: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst',
  osType: 'debian',
  cores: 2,
  memoryMiB: 1024,
  disk: { storage: 'local-zfs', sizeGiB: 16 },
  mountPoints: [
    { volume: '/tank/media', path: '/srv/media', readOnly: true },
    { volume: 'local-zfs', path: '/var/lib/app', sizeGiB: 20, backup: true },
  ],
  nics: [{ bridge: 'vmbr0', vlan: 20, address: '10.0.20.30' }, { bridge: 'vmbr0', address: 'dhcp' }],
  sshKeys: [KEY],
  ...extra,
});

describe('containers: LXC', () => {
  it('emits an unprivileged, nesting container with mount points, VLAN NICs and a static address, valid for bpg/proxmox', async () => {
    const tf = (await synthAll(labObject({ containers: { media: container() } }))).lab;
    assert.deepEqual(validateTerraformJson(tf), []);
    const ct = tf.resource.proxmox_virtual_environment_container.media;
    assert.deepEqual([ct.node_name, ct.vm_id, ct.unprivileged, ct.started, ct.start_on_boot], ['pve', 300, true, true, true]);
    assert.deepEqual(ct.features, { nesting: true });
    assert.deepEqual(ct.operating_system, { template_file_id: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst', type: 'debian' });
    assert.deepEqual([ct.cpu.cores, ct.memory.dedicated, ct.disk.datastore_id, ct.disk.size], [2, 1024, 'local-zfs', 16]);
    assert.deepEqual(ct.mount_point, [
      { volume: '/tank/media', path: '/srv/media', read_only: true, backup: false },
      { volume: 'local-zfs', path: '/var/lib/app', size: '20G', backup: true },
    ]);
    assert.deepEqual(ct.network_interface.map((n: any) => [n.name, n.bridge, n.vlan_id, n.mac_address]), [
      ['eth0', 'vmbr0', 20, '02:00:00:01:2C:00'],
      ['eth1', 'vmbr0', undefined, '02:00:00:01:2C:01'],
    ]);
    assert.deepEqual(ct.initialization, {
      hostname: 'media',
      dns: { domain: 'lab.arpa', servers: ['10.0.20.1'] },
      ip_config: [{ ipv4: { address: '10.0.20.30/24', gateway: '10.0.20.1' } }, { ipv4: { address: 'dhcp' } }],
      user_account: { keys: [KEY] },
    });
  });

  it('turns on keyctl and fuse when asked and can run privileged', async () => {
    const tf = (await synthAll(labObject({ containers: { docker: container({ unprivileged: false, keyctl: true, fuse: true, nesting: true }) } }))).lab;
    const ct = tf.resource.proxmox_virtual_environment_container.docker;
    assert.equal(ct.unprivileged, false);
    assert.deepEqual(ct.features, { nesting: true, keyctl: true, fuse: true });
  });

  it('reports a storage volume without size and an unknown bridge by field path', () => {
    const bad = container({ mountPoints: [{ volume: 'local-zfs', path: '/data' }], nics: [{ bridge: 'vmbr9' }] });
    assert.throws(() => loadLab(labObject({ containers: { media: bad } })), (err: unknown) => {
      assert.ok(err instanceof ProfileError);
      assert.deepEqual(err.problems.map((p) => p.path).sort(), ['containers.media.mountPoints[0].sizeGiB', 'containers.media.nics[0].bridge']);
      return true;
    });
  });

  it('refuses a CT id already used by a VM', () => {
    const profile = labObject({
      vms: { app: { vmId: 300, host: 'pve', nics: [{ bridge: 'vmbr0' }], disks: [{ storage: 'local-zfs', sizeGiB: 8 }] } },
      containers: { media: container() },
    });
    assert.throws(() => loadLab(profile), /containers\.media\.vmId: VMID 300 is already used by vms\.app/);
  });
});
