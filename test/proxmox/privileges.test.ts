import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { inventoryMarkdown } from '../../src/inventory/inventory';
import { loadLab } from '../../src/model/load';
import { allows, builtinGrants, uncovered, type Grant } from '../../src/proxmox/privilege-check';
import { labPrivilegeNeeds, privilegesByPath } from '../../src/proxmox/privileges';
import { loadProfileFile } from '../../src/schema/load';
import { synthAll } from '../support/lab-object';
import { fixturePath, profilePath } from '../support/paths';
import { PROFILES } from '../support/synth';

/**
 * One reviewed snapshot per reference profile: ACL path -> privileges. Reviewed by hand against the Proxmox
 * sources cited in src/proxmox/privileges.ts; regenerate with HOMELAB_UPDATE_PRIVILEGES=1 and review the diff.
 */
describe('privilege oracle: what each reference lab needs', () => {
  for (const name of PROFILES) {
    it(`${name}: privileges per ACL path (reviewed snapshot)`, () => {
      const actual = Object.fromEntries(privilegesByPath(labPrivilegeNeeds(loadLab(profilePath(name)))));
      const file = fixturePath('privileges', `${name}.json`);
      if (process.env.HOMELAB_UPDATE_PRIVILEGES) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      assert.ok(existsSync(file), `${file} is missing`);
      assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
    });
  }

  it('names SDN.Use on each bridge, Mapping.Use on each mapping, the download and clone privileges (k3s-three-node)', () => {
    const needs = labPrivilegeNeeds(loadLab(profilePath('k3s-three-node')));
    const has = (path: string, privilege: string) => needs.some((n) => n.path === path && n.privilege === privilege);
    assert.ok(has('/sdn/zones/localnetwork/vmbr0', 'SDN.Use'));
    assert.ok(has('/mapping/pci/rtx4000ada', 'Mapping.Use'));
    assert.ok(has('/mapping/pci', 'Mapping.Modify'));
    assert.ok(has('/storage/nas-vmstorage', 'Datastore.AllocateTemplate'));
    assert.ok(has('/nodes/pve-01', 'Sys.AccessNetwork'));
    assert.ok(has('/vms/9000', 'VM.Clone'));
    const gpu = needs.find((n) => n.privilege === 'Mapping.Use')!;
    assert.match(gpu.field, /^clusters\.k3s\.agents\[\d+\]\.pci\[0\]\.mapping$/);
  });

  it('the fact sheet\'s four built-in roles on / lack SDN.Use, Mapping.Use/Modify, Sys.AccessNetwork and Datastore.Allocate/AllocateTemplate', () => {
    const grants = builtinGrants(['PVEAuditor', 'PVEDatastoreUser', 'PVEPoolAdmin', 'PVEVMAdmin'], '/')!;
    const missing = new Set(uncovered(labPrivilegeNeeds(loadLab(profilePath('k3s-three-node'))), grants).map((n) => n.privilege));
    assert.deepEqual([...missing].sort(), ['Datastore.Allocate', 'Datastore.AllocateTemplate', 'Mapping.Modify', 'Mapping.Use', 'SDN.Use', 'Sys.AccessNetwork']);
  });

  it('lets the most specific ACL path decide, and needs propagation from above', () => {
    const g = (path: string, privileges: string[], propagate = true): Grant => ({ path, privileges: new Set(privileges), propagate });
    assert.equal(allows([g('/vms', ['VM.Audit'])], '/vms/450', 'VM.Audit'), true);
    assert.equal(allows([g('/vms', ['VM.Audit'], false)], '/vms/450', 'VM.Audit'), false);
    assert.equal(allows([g('/', ['VM.Audit']), g('/vms/450', ['VM.Allocate'])], '/vms/450', 'VM.Audit'), false);
    assert.equal(allows([g('/sdn/zones/localnetwork/vmbr0', ['SDN.Use'])], '/sdn/zones/localnetwork/vmbr0/11', 'SDN.Use'), true);
  });
});

/** Grants of the access stack's role, read back from its Terraform JSON. */
function accessGrants(tf: any): Grant[] {
  const roles = new Map(Object.values<any>(tf.resource.proxmox_virtual_environment_role).map((r) => [r.role_id, new Set<string>(r.privileges)]));
  const roleOf = (ref: string) => roles.get([...roles.keys()].find((id) => ref === id || ref.includes('proxmox_virtual_environment_role'))!)!;
  return Object.values<any>(tf.resource.proxmox_acl).map((a) => ({ path: a.path, privileges: roleOf(a.role_id), propagate: a.propagate }));
}

describe('the access stack\'s role covers every resource of the lab', () => {
  for (const name of PROFILES) {
    it(name, async () => {
      const profile = loadProfileFile(profilePath(name));
      const withAccess = { ...profile, proxmox: { ...profile.proxmox, access: { user: 'terraform@pve', token: 'homelab' } } };
      const stacks = await synthAll(withAccess);
      const grants = accessGrants(stacks[`${name}-access`]);
      const lab = stacks[name];
      const need = (path: string, privilege: string, what: string) => assert.ok(allows(grants, path, privilege), `${what}: ${privilege} on ${path}`);
      for (const vm of Object.values<any>(lab.resource.proxmox_virtual_environment_vm ?? {})) {
        need(`/vms/${vm.vm_id}`, 'VM.Allocate', vm.name);
        for (const d of vm.disk ?? []) need(`/storage/${d.datastore_id}`, 'Datastore.AllocateSpace', `${vm.name} disk`);
        for (const n of vm.network_device ?? []) need(`/sdn/zones/localnetwork/${n.bridge}${n.vlan_id ? `/${n.vlan_id}` : ''}`, 'SDN.Use', `${vm.name} NIC`);
        for (const h of vm.hostpci ?? []) if (h.mapping) need(`/mapping/pci/${h.mapping}`, 'Mapping.Use', `${vm.name} ${h.device}`);
        if (vm.clone) need(`/vms/${vm.clone.vm_id}`, 'VM.Clone', `${vm.name} clone`);
        if (vm.initialization) need(`/vms/${vm.vm_id}`, 'VM.Config.Cloudinit', `${vm.name} cloud-init`);
      }
      for (const f of Object.values<any>(lab.resource.proxmox_download_file ?? {})) {
        need(`/storage/${f.datastore_id}`, 'Datastore.AllocateTemplate', f.file_name ?? f.url);
        need(`/nodes/${f.node_name}`, 'Sys.AccessNetwork', f.url);
      }
      for (const f of Object.values<any>(lab.resource.proxmox_virtual_environment_file ?? {})) need(`/storage/${f.datastore_id}`, 'Datastore.AllocateTemplate', 'snippet');
      for (const m of Object.values<any>(lab.resource.proxmox_hardware_mapping_pci ?? {})) need('/mapping/pci', 'Mapping.Modify', m.name);
      for (const c of Object.values<any>(lab.resource.proxmox_virtual_environment_container ?? {})) need(`/vms/${c.vm_id}`, 'VM.Allocate', `CT ${c.vm_id}`);
    });
  }
});

describe('homelab inventory lists the privileges', () => {
  it('one row per ACL path with the privileges and the fields that need them, the role and what the admin needs', () => {
    const md = inventoryMarkdown(loadLab(profilePath('k3s-three-node')));
    const section = md.slice(md.indexOf('## Proxmox privileges'));
    assert.match(section, /Terraform runs as terraform@pve!homelab\. The access stack creates role Homelab-k3s-three-node with these \d+ privileges/);
    assert.match(section, /^\| \/sdn\/zones\/localnetwork\/vmbr0 \| SDN\.Use \| images\.ubuntu-2404\.bridge, clusters\.k3s\.servers\[0\]\.nics\[0\]\.bridge, /m);
    assert.match(section, /^\| \/mapping\/pci\/rtx4000ada \| Mapping\.Audit, Mapping\.Modify, Mapping\.Use \| proxmox\.mappings\.rtx4000ada, clusters\.k3s\.agents\[0\]\.pci\[0\]\.mapping \|$/m);
    assert.match(section, /Applying the access stack .* needs Sys\.Modify on \/access; /);
  });
});
