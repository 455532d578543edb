import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profilePath } from '../support/paths';
import { labObject, synthAll } from '../support/lab-object';
import '../support/synth';
import { validateTerraformJson } from '../support/terraform-schema';

describe('proxmox.access: the <lab>-access stack', () => {
  it('creates the user, the computed role with one ACL per path that needs it, and a token whose secret is only a sensitive output', async () => {
    const stacks = await synthAll(profilePath('k3s-three-node'));
    assert.deepEqual(Object.keys(stacks), ['k3s-three-node', 'k3s-three-node-access']);
    const tf = stacks['k3s-three-node-access'];
    assert.deepEqual(validateTerraformJson(tf), []);
    assert.equal(tf.resource.proxmox_virtual_environment_user['terraform-pve'].user_id, 'terraform@pve');
    const role = tf.resource.proxmox_virtual_environment_role['homelab-k3s-three-node'];
    assert.equal(role.role_id, 'Homelab-k3s-three-node');
    for (const p of ['SDN.Use', 'Mapping.Use', 'Mapping.Modify', 'Datastore.AllocateTemplate', 'Sys.AccessNetwork', 'VM.Clone']) assert.ok(role.privileges.includes(p), p);
    assert.deepEqual(role.privileges, [...role.privileges].sort());
    const acls = Object.values<any>(tf.resource.proxmox_acl);
    assert.deepEqual(acls.map((a) => a.path), [
      '/mapping/pci', '/mapping/pci/rtx4000ada', '/nodes/pve-01', '/sdn/zones/localnetwork/vmbr0', '/storage/local', '/storage/local-zfs',
      '/storage/nas-vmstorage', '/vms/1101', '/vms/1102', '/vms/1111', '/vms/9000',
    ]);
    for (const a of acls) {
      assert.deepEqual([a.role_id, a.propagate, a.user_id],
        ['${proxmox_virtual_environment_role.homelab-k3s-three-node.role_id}', true, '${proxmox_virtual_environment_user.terraform-pve.user_id}']);
    }
    assert.ok(tf.resource.proxmox_acl['terraform-pve-sdn-zones-localnetwork-vmbr0']);
    const token = tf.resource.proxmox_user_token['terraform-pve-homelab'];
    assert.deepEqual([token.token_name, token.privileges_separation], ['homelab', false]);
    assert.deepEqual(tf.output.proxmox_api_token, { sensitive: true, value: '${proxmox_user_token.terraform-pve-homelab.value}' });
    assert.equal(tf.output.proxmox_token_id.value, 'terraform@pve!homelab');
    assert.deepEqual(tf.terraform.backend, { local: { path: tf.terraform.backend.local.path } });
    assert.match(tf.terraform.backend.local.path, /terraform\.k3s-three-node-access\.tfstate$/);
    // The lab stack does not manage access.
    assert.equal(stacks['k3s-three-node'].resource.proxmox_acl, undefined);
  });

  it('is not emitted without proxmox.access, and takes built-in roles and path instead of the computed role', async () => {
    assert.deepEqual(Object.keys(await synthAll(labObject())), ['lab']);
    const stacks = await synthAll(labObject({ proxmox: { access: { user: 'tf@pve', token: 't1', roles: ['PVEVMAdmin'], path: '/vms' } } }));
    const acl = Object.values<any>(stacks['lab-access'].resource.proxmox_acl);
    assert.deepEqual(acl.map((a) => [a.role_id, a.path]), [['PVEVMAdmin', '/vms']]);
    assert.equal(stacks['lab-access'].resource.proxmox_virtual_environment_role, undefined);
  });
});
