import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Testing } from '../../../src/cdktf';
import { Host } from '../../../src/constructs/proxmox/host';
import { ProxmoxVm } from '../../../src/constructs/proxmox/proxmox-vm';
import { AccessStack } from '../../../stacks/access-stack';
import { LabStack } from '../../../stacks/lab-stack';
import { PVE, vmSpec } from '../../support/code-lab';

describe('the access stack of a lab written in code', () => {
  it('grants what the constructs need, and the lab stack runs Terraform as the token', () => {
    const app = Testing.app();
    const lab = new LabStack(app, 'media-lab', { proxmox: { access: { user: 'terraform@pve', token: 'homelab' } } });
    new Host(lab, 'pve', PVE);
    new ProxmoxVm(lab, 'jellyfin', vmSpec(460, '10.10.0.60'));
    assert.equal(lab.model.proxmox.terraformUser, 'terraform@pve!homelab');
    const access = JSON.parse(Testing.synth(new AccessStack(app, 'media-lab-access', { lab: lab.model })));
    const role = Object.values<any>(access.resource.proxmox_virtual_environment_role)[0];
    assert.equal(role.role_id, 'Homelab-media-lab');
    assert.ok(role.privileges.includes('VM.Config.CDROM'), role.privileges.join(', '));
    assert.ok(Object.values<any>(access.resource.proxmox_acl).some((a) => a.path === '/vms/460'));
  });
});
