import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profilePath } from '../support/paths';
import { labObject, synthAll } from '../support/lab-object';
import '../support/synth';
import { validateTerraformJson } from '../support/terraform-schema';

describe('proxmox.access: the <lab>-access stack', () => {
  it('creates the user, one ACL per built-in role on /, and a token whose secret is only a sensitive output', async () => {
    const stacks = await synthAll(profilePath('k3s-three-node'));
    assert.deepEqual(Object.keys(stacks), ['k3s-three-node', 'k3s-three-node-access']);
    const tf = stacks['k3s-three-node-access'];
    assert.deepEqual(validateTerraformJson(tf), []);
    assert.equal(tf.resource.proxmox_virtual_environment_user['terraform-pve'].user_id, 'terraform@pve');
    const acls = Object.values<any>(tf.resource.proxmox_acl);
    assert.deepEqual(acls.map((a) => a.role_id), ['PVEAuditor', 'PVEDatastoreUser', 'PVEPoolAdmin', 'PVEVMAdmin']);
    for (const a of acls) assert.deepEqual([a.path, a.propagate, a.user_id], ['/', true, '${proxmox_virtual_environment_user.terraform-pve.user_id}']);
    const token = tf.resource.proxmox_user_token['terraform-pve-homelab'];
    assert.deepEqual([token.token_name, token.privileges_separation], ['homelab', false]);
    assert.deepEqual(tf.output.proxmox_api_token, { sensitive: true, value: '${proxmox_user_token.terraform-pve-homelab.value}' });
    assert.equal(tf.output.proxmox_token_id.value, 'terraform@pve!homelab');
    assert.deepEqual(tf.terraform.backend, { local: { path: tf.terraform.backend.local.path } });
    assert.match(tf.terraform.backend.local.path, /terraform\.k3s-three-node-access\.tfstate$/);
    // The lab stack does not manage access.
    assert.equal(stacks['k3s-three-node'].resource.proxmox_acl, undefined);
  });

  it('is not emitted without proxmox.access, and takes custom roles and path', async () => {
    assert.deepEqual(Object.keys(await synthAll(labObject())), ['lab']);
    const stacks = await synthAll(labObject({ proxmox: { access: { user: 'tf@pve', token: 't1', roles: ['PVEVMAdmin'], path: '/vms' } } }));
    const acl = Object.values<any>(stacks['lab-access'].resource.proxmox_acl);
    assert.deepEqual(acl.map((a) => [a.role_id, a.path]), [['PVEVMAdmin', '/vms']]);
  });
});
