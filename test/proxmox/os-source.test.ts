import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../src/errors';
import { labPrivilegeNeeds } from '../../src/proxmox/privileges';
import { loadLab } from '../../src/model/load';
import { osTypeFromTemplate } from '../../src/model/lxc-os-type';
import { validateLab } from '../../src/validate/validate';
import { labObject, synthAll } from '../support/lab-object';
import { validateTerraformJson } from '../support/terraform-schema';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIImageKey admin@lab';

const image = {
  url: 'https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img',
  host: 'pve',
  storage: 'local',
  datastore: 'local-zfs',
  templateId: 9000,
  defaultUser: 'ubuntu',
  user: 'admin',
  sshKeys: [KEY],
  uefi: true,
};

const vm = (extra: Record<string, unknown>) => ({
  vmId: 460,
  host: 'pve',
  nics: [{ bridge: 'vmbr0', address: '10.0.0.60' }],
  disks: [{ storage: 'local-zfs', sizeGiB: 32 }],
  ...extra,
});

describe('stand-alone VMs boot something (clone, iso, import)', () => {
  it('clones a golden image: full clone of the template VMID on its node, with the image user, keys, agent and firmware', async () => {
    const tf = (await synthAll(labObject({ images: { 'ubuntu-2404': image }, vms: { app: vm({ clone: 'ubuntu-2404' }) } }))).lab;
    assert.deepEqual(validateTerraformJson(tf), []);
    const app = tf.resource.proxmox_virtual_environment_vm.app;
    assert.deepEqual(app.clone, { vm_id: 9000, node_name: 'pve', full: true, datastore_id: 'local-zfs' });
    // The template is created first: a clone of VMID 9000 before it exists fails the apply.
    assert.deepEqual(app.depends_on, ['proxmox_virtual_environment_vm.ubuntu-2404-template']);
    assert.deepEqual(app.initialization.user_account, { username: 'admin', keys: [KEY] });
    assert.equal(app.agent.enabled, true);
    assert.deepEqual([app.bios, app.machine], ['ovmf', 'q35']);
    assert.equal(app.cdrom, undefined);
  });

  it('boots an installer ISO from a CD-ROM with the guest agent off', async () => {
    const tf = (await synthAll(labObject({ vms: { nas: vm({ iso: 'local:iso/TrueNAS-SCALE-25.04.2.iso' }) } }))).lab;
    assert.deepEqual(validateTerraformJson(tf), []);
    const nas = tf.resource.proxmox_virtual_environment_vm.nas;
    assert.deepEqual(nas.cdrom, { file_id: 'local:iso/TrueNAS-SCALE-25.04.2.iso', interface: 'ide2' });
    assert.deepEqual(nas.boot_order, ['virtio0', 'ide2']);
    assert.equal(nas.agent.enabled, false);
    assert.equal(nas.clone, undefined);
  });

  it('imports a cloud image into disk 0, agent off unless asked for', async () => {
    const tf = (await synthAll(labObject({ vms: { web: vm({ import: 'local:import/noble.qcow2', agent: true }) } }))).lab;
    const web = tf.resource.proxmox_virtual_environment_vm.web;
    assert.equal(web.disk[0].import_from, 'local:import/noble.qcow2');
    assert.equal(web.agent.enabled, true);
  });

  it('refuses two OS sources, an unknown image and an ISO on a storage without iso content', () => {
    assert.throws(() => loadLab(labObject({ vms: { x: vm({ iso: 'local:iso/a.iso', import: 'local:import/a.qcow2' }) } })), (e: unknown) =>
      e instanceof ProfileError && /vms\.x.*set one of clone, iso or import/s.test(e.message));
    assert.throws(() => loadLab(labObject({ vms: { x: vm({ clone: 'nope' }) } })), (e: unknown) =>
      e instanceof ProfileError && /vms\.x\.clone: golden image "nope" is not defined/.test(e.message));
    assert.throws(() => loadLab(labObject({ vms: { x: vm({ iso: 'local-zfs:iso/a.iso' }) } })), (e: unknown) =>
      e instanceof ProfileError && /vms\.x\.iso: storage "local-zfs" on host "pve" does not accept content "iso"/.test(e.message));
  });

  it('clones to another node from a template on local storage: bpg clones on the template\'s node, then migrates (v0.111.1 vm.go vmCreateClone)', async () => {
    const profile = labObject({ images: { 'ubuntu-2404': image }, vms: { x: vm({ host: 'pve2', clone: 'ubuntu-2404' }) } }) as any;
    profile.hosts.pve2 = { ...profile.hosts.pve, address: '10.0.0.3' };
    const lab = loadLab(profile);
    const x = (await synthAll(profile)).lab.resource.proxmox_virtual_environment_vm.x;
    assert.deepEqual([x.node_name, x.clone], ['pve2', { vm_id: 9000, node_name: 'pve', full: true, datastore_id: 'local-zfs' }]);
    // the migration to pve2 takes VM.Migrate on the new VM
    assert.ok(labPrivilegeNeeds(lab).some((n) => n.path === '/vms/460' && n.privilege === 'VM.Migrate' && n.field === 'vms.x.clone'));
  });

  it('clones to another node onto the template\'s shared storage; the disk then moves to its own storage (bpg vm.go, clone_vm)', async () => {
    const profile = labObject({ images: { 'ubuntu-2404': { ...image, datastore: 'ceph' } }, vms: { x: vm({ host: 'pve2', clone: 'ubuntu-2404' }) } }) as any;
    profile.hosts.pve.storage.ceph = { type: 'rbd', content: ['images'], shared: true };
    profile.hosts.pve2 = { ...profile.hosts.pve, address: '10.0.0.3' };
    const x = (await synthAll(profile)).lab.resource.proxmox_virtual_environment_vm.x;
    assert.deepEqual(x.clone, { vm_id: 9000, node_name: 'pve', full: true, datastore_id: 'ceph' });
    assert.equal(x.node_name, 'pve2');
    assert.equal(x.disk[0].datastore_id, 'local-zfs');
  });

  it('reports a VM without an OS source (HL-PVE-002)', () => {
    const findings = validateLab(loadLab(labObject({ vms: { x: vm({}) } })));
    assert.deepEqual(findings.filter((f) => f.id === 'HL-PVE-002').map((f) => [f.path, f.severity]), [['vms.x', 'error']]);
  });

  it('emits migrate only on VMs that ask for it and can move (shared storage), and network_device.enabled as null (deprecated in bpg 0.111)', async () => {
    const profile = labObject({
      vms: {
        a: vm({ iso: 'local:iso/a.iso', migrate: true, disks: [{ storage: 'nfs', sizeGiB: 32 }] }),
        b: vm({ vmId: 461, iso: 'local:iso/a.iso' }),
        c: vm({ vmId: 462, iso: 'local:iso/a.iso', migrate: true }),
      },
    }) as any;
    profile.hosts.pve.storage.nfs = { type: 'nfs', shared: true, content: ['images'] };
    const tf = (await synthAll(profile)).lab;
    assert.deepEqual(validateTerraformJson(tf), []);
    const vms = tf.resource.proxmox_virtual_environment_vm;
    assert.equal(vms.a.migrate, true);
    assert.equal('migrate' in vms.b, false);
    assert.equal('migrate' in vms.c, false, 'disk on local-zfs: a host change replaces it (HL-PVE-005 says why)');
    assert.equal(vms.a.network_device[0].enabled, null);
    assert.ok('enabled' in vms.a.network_device[0]);
  });
});

describe('LXC containers configure themselves', () => {
  it('derives operating_system.type from the template file name', () => {
    assert.deepEqual(
      ['debian-13-standard_13.1-2_amd64.tar.zst', 'ubuntu-24.04-standard_24.04-2_amd64.tar.zst', 'alpine-3.22-default_20250617_amd64.tar.xz',
        'rockylinux-9-default_20240912_amd64.tar.xz', 'almalinux-9-default_20240911_amd64.tar.xz', 'archlinux-base_20240911-1_amd64.tar.zst',
        'fedora-42-default_20250428_amd64.tar.xz', 'opensuse-15.6-default_20240910_amd64.tar.xz', 'my-own.tar.gz']
        .map((f) => osTypeFromTemplate(`local:vztmpl/${f}`)),
      ['debian', 'ubuntu', 'alpine', 'centos', 'centos', 'archlinux', 'fedora', 'opensuse', undefined],
    );
  });

  const ct = (extra: Record<string, unknown> = {}) => ({
    vmId: 300,
    host: 'pve',
    template: 'local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst',
    disk: { storage: 'local-zfs' },
    nics: [{ bridge: 'vmbr0', address: 'dhcp' }],
    ...extra,
  });

  it('emits the derived type, unmanaged only on request, and nesting on unprivileged containers only', async () => {
    const tf = (await synthAll(labObject({ containers: { a: ct(), b: ct({ vmId: 301, osType: 'unmanaged' }), c: ct({ vmId: 302, unprivileged: false }) } }))).lab;
    const cts = tf.resource.proxmox_virtual_environment_container;
    assert.equal(cts.a.operating_system.type, 'ubuntu');
    assert.deepEqual(cts.a.features, { nesting: true });
    assert.equal(cts.b.operating_system.type, 'unmanaged');
    assert.equal(cts.c.features, undefined);
  });

  it('refuses a template whose OS it cannot tell, at osType', () => {
    assert.throws(() => loadLab(labObject({ containers: { a: ct({ template: 'local:vztmpl/custom.tar.gz' }) } })), (e: unknown) =>
      e instanceof ProfileError && /containers\.a\.osType: cannot tell the OS of template/.test(e.message));
  });
});
