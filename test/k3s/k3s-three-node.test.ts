import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ProfileError } from '../../src/errors';
import { loadLab } from '../../src/model/load';
import { synth } from '../../src/synth/synth';
import { labObject } from '../support/lab-object';
import { profilePath } from '../support/paths';
import { synthStack, TEST_SSH_KEY } from '../support/synth';

const SERVERS = ['k3s-server-1', 'k3s-server-2'];
const AGENT = 'k3s-gpu-1';
const TOKEN_REF = '${random_password.k3s-token.result}';

function userData(tf: any, node: string): any {
  const data: string = tf.resource.proxmox_virtual_environment_file[`${node}-user-data`].source_raw.data;
  assert.ok(data.startsWith('#cloud-config\n'));
  return parse(data);
}

const installCommand = (doc: any): string => doc.runcmd.find((c: string) => c.includes('get.k3s.io'));

describe('k3s-three-node profile', () => {
  it('places the servers on pve-02 and pve-03 and the GPU agent on pve-01, as full clones of template 9000', async () => {
    const tf = await synthStack('k3s-three-node');
    const vms = tf.resource.proxmox_virtual_environment_vm;
    assert.deepEqual(SERVERS.map((s) => vms[s].node_name), ['pve-02', 'pve-03']);
    assert.equal(vms[AGENT].node_name, 'pve-01');
    for (const n of [...SERVERS, AGENT]) {
      assert.deepEqual(vms[n].clone, { vm_id: 9000, node_name: 'pve-01', full: true, datastore_id: 'local-zfs' });
      assert.ok(vms[n].depends_on.includes('proxmox_virtual_environment_vm.ubuntu-2404-template'));
      assert.equal(vms[n].initialization.user_data_file_id, `\${proxmox_virtual_environment_file.${n}-user-data.id}`);
    }
    assert.deepEqual([vms['k3s-server-1'].cpu.cores, vms['k3s-server-1'].memory.dedicated, vms['k3s-server-1'].disk[0].size], [4, 8192, 50]);
    assert.deepEqual([vms[AGENT].cpu.cores, vms[AGENT].memory.dedicated, vms[AGENT].disk[0].size], [8, 16384, 100]);
  });

  it('passes the GPU to the agent through the rtx4000ada mapping, never by raw id', async () => {
    const tf = await synthStack('k3s-three-node');
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm[AGENT].hostpci, [{ device: 'hostpci0', mapping: 'rtx4000ada', pcie: true, rombar: true }]);
    assert.deepEqual(tf.resource.proxmox_hardware_mapping_pci.rtx4000ada, {
      ...tf.resource.proxmox_hardware_mapping_pci.rtx4000ada,
      name: 'rtx4000ada',
      map: [{ id: '10de:27b2', iommu_group: 17, node: 'pve-01', path: '0000:2f:00.0', subsystem_id: '10de:181b' }],
    });
  });

  it('tags every K3s NIC with VLAN 11 and gives it its static address on 10.20.11.0/24', async () => {
    const tf = await synthStack('k3s-three-node');
    const vms = tf.resource.proxmox_virtual_environment_vm;
    for (const n of [...SERVERS, AGENT]) {
      assert.deepEqual(vms[n].network_device.map((d: any) => [d.bridge, d.vlan_id]), [['vmbr0', 11]]);
      assert.equal(vms[n].initialization.ip_config[0].ipv4.gateway, '10.20.11.1');
      assert.deepEqual(vms[n].initialization.dns, { domain: 'home.arpa', servers: ['10.20.11.1'] });
    }
    assert.equal(vms['k3s-server-2'].initialization.ip_config[0].ipv4.address, '10.20.11.22/24');
  });

  it('builds the UEFI Ubuntu template from the cloud image imported from shared NFS storage', async () => {
    const tf = await synthStack('k3s-three-node');
    const image = tf.resource.proxmox_download_file['ubuntu-2404'];
    assert.deepEqual([image.content_type, image.datastore_id, image.node_name, image.file_name], ['import', 'nas-vmstorage', 'pve-01', 'ubuntu-2404.qcow2']);
    const t = tf.resource.proxmox_virtual_environment_vm['ubuntu-2404-template'];
    assert.deepEqual([t.vm_id, t.template, t.started, t.agent.enabled], [9000, true, false, true]);
    assert.deepEqual([t.bios, t.machine], ['ovmf', 'q35']);
    assert.deepEqual(t.efi_disk, { datastore_id: 'nas-vmstorage', pre_enrolled_keys: false, type: '4m' });
    assert.equal(t.disk[0].import_from, '${proxmox_download_file.ubuntu-2404.id}');
    assert.equal(t.initialization.datastore_id, 'nas-vmstorage');
  });

  it('writes cloud-init that installs the pinned K3s with embedded etcd, the join URL, labels and --disable servicelb', async () => {
    const tf = await synthStack('k3s-three-node');
    const [first, second] = SERVERS.map((s) => userData(tf, s));
    const agent = userData(tf, AGENT);
    for (const doc of [first, second, agent]) {
      assert.match(installCommand(doc), /INSTALL_K3S_VERSION='v1\.33\.6\+k3s1' sh -s - /);
      assert.deepEqual(doc.users[0].ssh_authorized_keys, [TEST_SSH_KEY]);
      assert.equal(doc.users[0].name, 'ubuntu');
      assert.deepEqual(doc.write_files, [{ path: '/etc/rancher/k3s/cluster-token', permissions: '0600', owner: 'root:root', content: TOKEN_REF }]);
      assert.ok(doc.packages.includes('qemu-guest-agent'));
    }
    assert.match(installCommand(first), / server --cluster-init --token-file \/etc\/rancher\/k3s\/cluster-token --node-ip 10\.20\.11\.21 --disable servicelb$/);
    assert.match(installCommand(second), / server --server https:\/\/10\.20\.11\.21:6443 .*--node-ip 10\.20\.11\.22 --disable servicelb$/);
    const agentCmd = installCommand(agent);
    assert.match(agentCmd, / agent --server https:\/\/10\.20\.11\.21:6443 /);
    assert.match(agentCmd, /--node-label nvidia\.com\/gpu\.present=true/);
    assert.match(agentCmd, /--node-label accelerator=nvidia-rtx4000ada/);
    assert.match(agentCmd, /--default-runtime nvidia$/);
    assert.doesNotMatch(agentCmd, /--disable/);
    assert.ok(agent.packages.includes('nvidia-headless-570-server'));
    assert.ok(agent.runcmd.some((c: string) => c.includes('apt-get install -y nvidia-container-toolkit')));
    assert.ok(agent.runcmd.findIndex((c: string) => c.includes('nvidia-container-toolkit')) < agent.runcmd.indexOf(agentCmd));
    assert.equal(first.power_state, undefined);
  });

  it('generates the join token as random_password and outputs the kubeconfig fetch command', async () => {
    const tf = await synthStack('k3s-three-node');
    assert.deepEqual(tf.resource.random_password['k3s-token'], { ...tf.resource.random_password['k3s-token'], length: 48, special: false });
    assert.equal(tf.terraform.required_providers.random.source, 'hashicorp/random');
    assert.equal(tf.output.k3s_kubeconfig_command.value,
      "ssh ubuntu@10.20.11.21 sudo cat /etc/rancher/k3s/k3s.yaml | sed 's/127.0.0.1/10.20.11.21/' > generated/kubeconfig");
    assert.equal(tf.output.k3s_server_url.value, 'https://10.20.11.21:6443');
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm[AGENT].depends_on, [
      'proxmox_virtual_environment_vm.ubuntu-2404-template', 'proxmox_virtual_environment_vm.k3s-server-1',
      // the agent passes the GPU through the mapping Terraform creates, so it waits for it
      'proxmox_hardware_mapping_pci.rtx4000ada',
    ]);
  });

  it('writes no token value anywhere: every written file holds only the Terraform reference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-k3s-'));
    await synth({ profile: profilePath('k3s-three-node'), outDir: 'out', projectDir: dir });
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    assert.ok(files.length >= 3);
    let references = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /K3S_TOKEN|--token |"result"\s*:/, file);
      for (const m of text.matchAll(/cluster-token\\n\s*permissions: \\"0600\\"\\n\s*owner: root:root\\n\s*content: ([^\\]*)\\n/g)) {
        assert.equal(m[1], TOKEN_REF);
        references++;
      }
    }
    assert.equal(references, 3);
  });

  it('rejects a VM that uses an undeclared mapping, naming the field and the fix', () => {
    const profile = labObject({
      proxmox: { mappings: { gpu: { map: [{ host: 'pve', address: '0000:01:00.0', id: '10de:1234' }] } } },
      vms: { app: { vmId: 500, host: 'pve', nics: [{ bridge: 'vmbr0' }], disks: [{ storage: 'local-zfs', sizeGiB: 8 }], pci: [{ mapping: 'gpu2' }] } },
    });
    assert.throws(() => loadLab(profile), (err: unknown) => {
      assert.ok(err instanceof ProfileError);
      assert.deepEqual(err.problems.map((p) => [p.path, p.message, p.fix]), [
        ['vms.app.pci[0].mapping', 'PCI mapping "gpu2" is not defined', 'use one of gpu or add it under proxmox.mappings'],
      ]);
      return true;
    });
  });

  it('takes the GPU kind and vendor of a mapping, so the VM is an NVIDIA GPU node', () => {
    const lab = loadLab(profilePath('k3s-three-node'));
    const agent = lab.k3sClusters[0]!.agents[0]!;
    assert.equal(agent.vm.nvidiaGpu, true);
    assert.deepEqual(agent.vm.pci.map((p) => [p.mapping, p.kind, p.id, p.address]), [['rtx4000ada', 'gpu', '10de:27b2', undefined]]);
    assert.equal(lab.clusters.length, 0);
    // nas-vmstorage is declared on pve-01 only and shared: every node sees it.
    assert.deepEqual(lab.hosts.map((h) => h.storage.has('nas-vmstorage')), [true, true, true]);
  });

  it('refuses a K3s cluster whose template image does not exist', () => {
    const profile = labObject({
      clusters: { k: { type: 'k3s', template: 'nope', sshKeys: ['ssh-ed25519 AAAA x'], servers: [{ name: 's1', vmId: 600, host: 'pve', nics: [{ bridge: 'vmbr0', address: '10.0.0.60' }], disks: [{ storage: 'local-zfs', sizeGiB: 20 }] }] } },
    });
    assert.throws(() => loadLab(profile), /clusters\.k\.template: image "nope" is not defined; fix: use one of \(none\) or add it under images/);
  });
});
