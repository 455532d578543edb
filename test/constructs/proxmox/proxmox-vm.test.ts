import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Testing, TerraformStack } from '../../../src/cdktf';
import { Host } from '../../../src/constructs/proxmox/host';
import { PciMapping } from '../../../src/constructs/proxmox/pci-mapping';
import { ProxmoxVm } from '../../../src/constructs/proxmox/proxmox-vm';
import { codeLab, PVE, PVE2, synthJson, vmSpec, problemsOf } from '../../support/code-lab';


describe('ProxmoxVm (author props)', () => {
  it('resolves props like vms.<name> against a Host given by construct, and exposes the resource for overrides', () => {
    const lab = codeLab();
    const pve = new Host(lab, 'pve', PVE);
    const vm = new ProxmoxVm(lab, 'jellyfin', { ...vmSpec(460, '10.10.0.60'), host: pve, cores: 4, pci: [{ device: 'p4000' }] });
    vm.resource.addOverride('cpu.affinity', '0-3');
    const json = synthJson(lab).resource.proxmox_virtual_environment_vm.jellyfin;
    assert.deepEqual([json.vm_id, json.node_name, json.cpu.cores, json.cpu.affinity], [460, 'pve', 4, '0-3']);
    assert.deepEqual(json.hostpci, [{ device: 'hostpci0', id: '0000:0d:00', pcie: true, rombar: true }]);
    assert.equal(json.network_device[0].mac_address, vm.vm.nics[0]!.mac);
    assert.equal(vm.vm.gpu?.vendor, 'nvidia');
  });

  it('rejects a VMID below 100 and VLAN 9999 with the construct path and the prop', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    const lines = problemsOf(() => new ProxmoxVm(lab, 'jellyfin', { ...vmSpec(5, '10.10.0.60'), nics: [{ bridge: 'vmbr0', vlan: 9999 }] }));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0]!, /^media-lab\/jellyfin: vmId: .*100/);
    assert.match(lines[1]!, /^media-lab\/jellyfin: nics\[0\]\.vlan: .*4094/);
  });

  it('names unknown props with a hint, and broken references with the construct path', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.deepEqual(problemsOf(() => new ProxmoxVm(lab, 'a', { ...vmSpec(400, '10.10.0.60'), memoryMB: 4 } as never)), ['media-lab/a: memoryMB: unknown field "memoryMB"']);
    assert.deepEqual(problemsOf(() => new ProxmoxVm(lab, 'b', { ...vmSpec(401, '10.10.0.61'), nics: [{ bridge: 'vmbr5' }] })),
      ['media-lab/b: nics[0].bridge: bridge "vmbr5" is not defined on host "pve"']);
    assert.deepEqual(problemsOf(() => new ProxmoxVm(lab, 'c', vmSpec(402, '10.10.0.62', 'pve9'))), ['media-lab/c: host: host "pve9" is not defined']);
    assert.deepEqual(problemsOf(() => new ProxmoxVm(lab, 'Bad_Name', vmSpec(403, '10.10.0.63'))).map((l) => l.split(':')[0]), ['media-lab/Bad_Name']);
  });

  it('is found by name; a missing name lists the known ones', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    const vm = new ProxmoxVm(lab, 'jellyfin', vmSpec(460, '10.10.0.60'));
    assert.equal(lab.vm('jellyfin'), vm);
    assert.equal(ProxmoxVm.fromName(vm, 'jellyfin'), vm);
    assert.deepEqual(problemsOf(() => lab.vm('plex')), ['media-lab: no VM named "plex" in the lab']);
    assert.match((() => { try { lab.vm('plex'); } catch (e) { return (e as Error).message; } return ''; })(), /use one of jellyfin/);
  });

  it('must live in a LabStack, and two VMs of one name are refused', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    new ProxmoxVm(lab, 'jellyfin', vmSpec(460, '10.10.0.60'));
    assert.deepEqual(problemsOf(() => new ProxmoxVm(lab, 'other', { ...vmSpec(461, '10.10.0.61'), name: 'jellyfin' })),
      ['media-lab/other: the lab already has a VM named "jellyfin" (media-lab/jellyfin)']);
    const plain = new TerraformStack(Testing.app(), 'plain');
    assert.deepEqual(problemsOf(() => new ProxmoxVm(plain, 'x', vmSpec(470, '10.10.0.70'))), ['plain/x: ProxmoxVm x must be created inside a LabStack']);
  });

  it('waits for the PCI mapping it uses, on any host of the mapping', () => {
    const lab = codeLab();
    const pve = new Host(lab, 'pve', PVE);
    const pve2 = new Host(lab, 'pve2', { ...PVE2, pci: { gpu: { address: '0000:01:00', id: '10de:1bb1', kind: 'gpu', iommuGroup: 2, subsystemId: '10de:11a3' } } });
    const mapping = new PciMapping(lab, 'gpu', { map: [{ host: pve, device: 'p4000' }, { host: pve2, device: 'gpu' }] });
    new ProxmoxVm(lab, 'jellyfin', { ...vmSpec(460, '10.10.0.60', 'pve2'), pci: [{ mapping: 'gpu' }] });
    const tf = synthJson(lab);
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm.jellyfin.depends_on, [`proxmox_hardware_mapping_pci.${mapping.resource.friendlyUniqueId}`]);
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm.jellyfin.hostpci, [{ device: 'hostpci0', mapping: 'gpu', pcie: true, rombar: true }]);
    assert.deepEqual(problemsOf(() => new ProxmoxVm(lab, 'plex', { ...vmSpec(461, '10.10.0.61'), pci: [{ mapping: 'nvme' }] })),
      ['media-lab/plex: pci[0].mapping: PCI mapping "nvme" is not defined']);
  });
});
