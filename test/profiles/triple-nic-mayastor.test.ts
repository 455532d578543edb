import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { NETWORK_DEVICE_KEYS } from '../../src/constructs/proxmox/network-device';
import { synthStack } from '../support/synth';

const WORKERS = ['talos-worker-1', 'talos-worker-2', 'talos-worker-3'];

function talosDocs(tf: any, node: string): any[] {
  return parseAllDocuments(tf.data.talos_machine_configuration[node].config_patches[0]).map((d) => d.toJS());
}

describe('triple-nic-mayastor profile', () => {
  it('gives every worker vmbr0, vmbr3, vmbr4 in that order with MTU 9000 on the second NIC', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    for (const w of WORKERS) {
      const devices = tf.resource.proxmox_virtual_environment_vm[w].network_device;
      assert.deepEqual(devices.map((d: any) => d.bridge), ['vmbr0', 'vmbr3', 'vmbr4']);
      assert.deepEqual(devices.map((d: any) => d.mtu), [1500, 9000, 1500]);
      for (const d of devices) assert.deepEqual(Object.keys(d).sort(), [...NETWORK_DEVICE_KEYS]);
    }
  });

  it('selects each Talos link by the MAC Terraform gives the NIC, with the addresses and route of the fact sheet', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    WORKERS.forEach((w, i) => {
      const x = i + 1;
      const macs = tf.resource.proxmox_virtual_environment_vm[w].network_device.map((d: any) => d.mac_address.toLowerCase());
      const docs = talosDocs(tf, w);
      const aliases = docs.filter((d) => d.kind === 'LinkAliasConfig');
      assert.deepEqual(aliases.map((a) => a.name), ['net0', 'net1', 'net2']);
      assert.deepEqual(aliases.map((a) => a.selector.match), macs.map((m: string) => `mac(link.permanent_addr) == "${m}"`));
      const links = docs.filter((d) => d.kind === 'LinkConfig');
      assert.deepEqual(links.map((l) => l.addresses[0].address), [`10.10.0.4${x}/24`, `10.40.0.4${x}/24`, `10.50.0.4${x}/24`]);
      assert.deepEqual(links.map((l) => l.mtu), [1500, 9000, 1500]);
      assert.deepEqual(links[0].routes, [{ gateway: '10.10.0.1' }]);
      assert.equal(links[1].routes, undefined);
      assert.equal(links[2].routes, undefined);
      assert.deepEqual(docs[0].machine.kubelet.nodeIP.validSubnets, ['10.10.0.0/24']);
    });
  });

  it('gives each worker a 400 GiB Mayastor disk with a stable serial', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    for (const w of WORKERS) {
      const disk = tf.resource.proxmox_virtual_environment_vm[w].disk[1];
      assert.deepEqual([disk.datastore_id, disk.size, disk.interface, disk.serial], ['ranginui', 400, 'virtio1', 'mayastor1']);
    }
  });

  it('passes the P4000 to Plex (VMID 450) with pcie and rombar on', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    const plex = tf.resource.proxmox_virtual_environment_vm.plex;
    assert.equal(plex.vm_id, 450);
    assert.equal(plex.cpu.type, 'host');
    assert.deepEqual(plex.hostpci, [{ device: 'hostpci0', id: '0000:0d:00', pcie: true, rombar: true }]);
    assert.deepEqual(plex.network_device.map((d: any) => d.bridge), ['vmbr0', 'vmbr3']);
    assert.equal(plex.initialization.ip_config[0].ipv4.address, '10.10.0.50/24');
  });

  it('writes the kubeconfig to generated/kubeconfig beside the profile, from a sensitive attribute', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    const file = tf.resource.local_sensitive_file['main-kubeconfig'];
    assert.equal(file.filename, '${path.root}/../../../generated/kubeconfig');
    assert.equal(file.content, '${talos_cluster_kubeconfig.main.kubeconfig_raw}');
    assert.equal(file.file_permission, '0600');
  });

  it('bootstraps the control plane after its configuration is applied', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    const bootstrap = tf.resource.talos_machine_bootstrap.main;
    assert.equal(bootstrap.node, '10.10.0.40');
    assert.deepEqual(bootstrap.depends_on, ['talos_machine_configuration_apply.talos-cp-1']);
    assert.deepEqual(tf.resource.talos_machine_configuration_apply['talos-worker-1'].depends_on, ['proxmox_virtual_environment_vm.talos-worker-1']);
  });

  it('stays within the host budget of 24 threads and 62 GB', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    // the golden-image template never runs
    const vms = Object.values<any>(tf.resource.proxmox_virtual_environment_vm).filter((v) => !v.template);
    assert.equal(vms.reduce((n, v) => n + v.cpu.cores * v.cpu.sockets, 0), 24);
    assert.ok(vms.reduce((n, v) => n + v.memory.dedicated, 0) <= 63488);
  });
});
