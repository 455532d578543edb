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
import { validateLab } from '../../src/validate/validate';
import { fixturePath, profilePath } from '../support/paths';
import { synthStack, TEST_SSH_KEY } from '../support/synth';

const SERVERS = ['k3s-server-1', 'k3s-server-2'];
const AGENT = 'k3s-gpu-1';
const TOKEN_REF = '${random_password.k3s-token.result}';
const AGENT_TOKEN_REF = '${random_password.k3s-agent-token.result}';

function userData(tf: any, node: string): any {
  const data: string = tf.resource.proxmox_virtual_environment_file[`${node}-user-data`].source_raw.data;
  assert.ok(data.startsWith('#cloud-config\n'));
  return parse(data);
}

const installCommand = (doc: any): string => doc.runcmd.find((c: string) => c.includes('get.k3s.io'));
const file = (doc: any, path: string): any => doc.write_files.find((f: any) => f.path === path);
const k3sConfig = (doc: any): any => parse(file(doc, '/etc/rancher/k3s/config.yaml').content);

describe('k3s-three-node profile', () => {
  it('places the servers on pve-02 and pve-03 and the GPU agent on pve-01, as full clones of template 9000', async () => {
    const tf = await synthStack('k3s-three-node');
    const vms = tf.resource.proxmox_virtual_environment_vm;
    assert.deepEqual(SERVERS.map((s) => vms[s].node_name), ['pve-02', 'pve-03']);
    assert.equal(vms[AGENT].node_name, 'pve-01');
    for (const n of [...SERVERS, AGENT]) {
      assert.ok(vms[n].depends_on.includes('proxmox_virtual_environment_vm.ubuntu-2404-template'));
      assert.equal(vms[n].initialization.user_data_file_id, `\${proxmox_virtual_environment_file.${n}-user-data.id}`);
      assert.equal(vms[n].disk[0].datastore_id, 'local-zfs');
    }
    assert.deepEqual([vms['k3s-server-1'].cpu.cores, vms['k3s-server-1'].memory.dedicated, vms['k3s-server-1'].disk[0].size], [4, 8192, 50]);
    assert.deepEqual([vms[AGENT].cpu.cores, vms[AGENT].memory.dedicated, vms[AGENT].disk[0].size], [8, 16384, 100]);
  });

  it('clones to another node only onto shared storage (qemu-server clone_vm), then bpg moves the disks to local-zfs', async () => {
    const tf = await synthStack('k3s-three-node');
    const vms = tf.resource.proxmox_virtual_environment_vm;
    const lab = loadLab(profilePath('k3s-three-node'));
    const shared = (host: string, storage: string) => lab.hosts.find((h) => h.key === host)!.storage.get(storage)!.shared;
    for (const n of [...SERVERS, AGENT]) {
      const clone = vms[n].clone;
      if (clone.node_name !== vms[n].node_name) assert.ok(shared(clone.node_name, clone.datastore_id), `${n} clones onto ${clone.datastore_id}`);
    }
    // the servers live on pve-02/pve-03: cloned across nodes onto the NFS storage of the template
    for (const n of SERVERS) assert.deepEqual(vms[n].clone, { vm_id: 9000, node_name: 'pve-01', full: true, datastore_id: 'nas-vmstorage' });
    // the agent is on the template's node: cloned straight to its own disk storage
    assert.deepEqual(vms[AGENT].clone, { vm_id: 9000, node_name: 'pve-01', full: true, datastore_id: 'local-zfs' });
  });

  it('rejects a cross-node clone onto local storage, naming the field and the fix (HL-CLUSTER-005)', () => {
    const findings = validateLab(loadLab(fixturePath('invalid', 'rules', 'k3s-clone-to-local-storage.yaml')));
    assert.deepEqual(findings.filter((f) => f.id === 'HL-CLUSTER-005').map((f) => [f.severity, f.path, f.fix]), [[
      'error', 'clusters.k3s.cloneStorage',
      'remove cloneStorage (the template\'s shared storage is used and bpg moves the disks to local-zfs afterwards) or use nfs',
    ]]);
  });

  it('keeps user-data first-boot only: the VM ignores a new snippet, the snippet keeps its first content', async () => {
    const tf = await synthStack('k3s-three-node');
    for (const n of [...SERVERS, AGENT]) {
      assert.deepEqual(tf.resource.proxmox_virtual_environment_vm[n].lifecycle, { ignore_changes: ['initialization[0].user_data_file_id'] });
      const snippet = tf.resource.proxmox_virtual_environment_file[`${n}-user-data`];
      assert.deepEqual(snippet.lifecycle, { ignore_changes: ['source_raw[0].data'] });
      assert.equal(snippet.file_mode, '0600');
    }
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

  it('writes cloud-init that installs the pinned K3s, with its settings in /etc/rancher/k3s/config.yaml', async () => {
    const tf = await synthStack('k3s-three-node');
    const [first, second] = SERVERS.map((s) => userData(tf, s));
    const agent = userData(tf, AGENT);
    for (const doc of [first, second, agent]) {
      // runs once: a second cloud-init run (new instance-id) never reinstalls or downgrades K3s
      assert.equal(installCommand(doc), `test -x /usr/local/bin/k3s || curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION='v1.33.6+k3s1' sh -s - ${doc === agent ? 'agent' : 'server'}`);
      assert.deepEqual(doc.users[0].ssh_authorized_keys, [TEST_SSH_KEY]);
      assert.equal(doc.users[0].name, 'ubuntu');
      // a clone never gets the template's vendor-data: each node installs and starts the guest agent itself
      assert.ok(doc.packages.includes('qemu-guest-agent'));
      assert.equal(doc.runcmd[0], 'systemctl enable --now qemu-guest-agent');
      for (const f of doc.write_files) assert.deepEqual([f.permissions, f.owner], ['0600', 'root:root'], f.path);
    }
    assert.deepEqual(k3sConfig(first), {
      'token-file': '/etc/rancher/k3s/cluster-token', 'agent-token-file': '/etc/rancher/k3s/agent-token', 'node-ip': '10.20.11.21',
      'tls-san': ['10.20.11.20'], disable: ['servicelb'], 'write-kubeconfig-mode': '0600',
    });
    // every join goes through the VIP, which is in every server's certificate
    assert.deepEqual(k3sConfig(second), {
      server: 'https://10.20.11.20:6443', 'token-file': '/etc/rancher/k3s/cluster-token', 'agent-token-file': '/etc/rancher/k3s/agent-token',
      'node-ip': '10.20.11.22', 'tls-san': ['10.20.11.20'], disable: ['servicelb'], 'write-kubeconfig-mode': '0600',
    });
    assert.deepEqual(k3sConfig(agent), {
      server: 'https://10.20.11.20:6443', 'token-file': '/etc/rancher/k3s/agent-token', 'node-ip': '10.20.11.31',
      'node-label': ['accelerator=nvidia-rtx4000ada', 'nvidia.com/gpu.present=true'], 'default-runtime': 'nvidia',
    });
    assert.equal(first.power_state, undefined);
  });

  it('initialises embedded etcd on server 1 at its first boot only: the cluster-init drop-in is removed after the install', async () => {
    const tf = await synthStack('k3s-three-node');
    const [first, second] = SERVERS.map((s) => userData(tf, s));
    const dropIn = '/etc/rancher/k3s/config.yaml.d/00-cluster-init.yaml';
    assert.deepEqual(parse(file(first, dropIn).content), { 'cluster-init': true });
    assert.deepEqual(first.runcmd.slice(-2), [installCommand(first), `rm -f ${dropIn}`]);
    assert.equal(file(second, dropIn), undefined);
    assert.ok(!second.runcmd.some((c: string) => c.includes('cluster-init')));
    assert.ok(!installCommand(first).includes('cluster-init'));
  });

  it('gives agents the agent token only; servers get both, agents join with token-file = agent token', async () => {
    const tf = await synthStack('k3s-three-node');
    const tokenFiles = (doc: any) => doc.write_files.filter((f: any) => f.path.endsWith('-token')).map((f: any) => [f.path, f.content]);
    for (const s of SERVERS) {
      assert.deepEqual(tokenFiles(userData(tf, s)), [['/etc/rancher/k3s/cluster-token', TOKEN_REF], ['/etc/rancher/k3s/agent-token', AGENT_TOKEN_REF]]);
    }
    const agentData: string = tf.resource.proxmox_virtual_environment_file[`${AGENT}-user-data`].source_raw.data;
    assert.deepEqual(tokenFiles(userData(tf, AGENT)), [['/etc/rancher/k3s/agent-token', AGENT_TOKEN_REF]]);
    assert.ok(!agentData.includes(TOKEN_REF) && !agentData.includes('cluster-token'));
  });

  it('installs the prebuilt NVIDIA kernel modules (no DKMS) and the container toolkit on the GPU agent, then reboots', async () => {
    const tf = await synthStack('k3s-three-node');
    const agent = userData(tf, AGENT);
    assert.deepEqual(agent.packages, ['qemu-guest-agent', 'curl', 'linux-modules-nvidia-570-server-generic', 'nvidia-headless-no-dkms-570-server', 'nvidia-utils-570-server']);
    assert.ok(!agent.packages.some((p: string) => /dkms/.test(p) && !/no-dkms/.test(p)));
    assert.ok(agent.runcmd.findIndex((c: string) => c.includes('apt-get install -y nvidia-container-toolkit')) < agent.runcmd.indexOf(installCommand(agent)));
    assert.deepEqual(agent.power_state, { mode: 'reboot', condition: true, message: 'NVIDIA driver installed' });
  });

  it('generates the server and agent tokens as random_password and a kubeconfig command that writes 0600 into generated/<cluster>', async () => {
    const tf = await synthStack('k3s-three-node');
    for (const t of ['k3s-token', 'k3s-agent-token']) {
      assert.deepEqual(tf.resource.random_password[t], { ...tf.resource.random_password[t], length: 48, special: false });
    }
    assert.equal(tf.terraform.required_providers.random.source, 'hashicorp/random');
    assert.equal(tf.output.k3s_kubeconfig_command.value,
      "mkdir -p generated/k3s && (umask 077 && ssh ubuntu@10.20.11.21 sudo cat /etc/rancher/k3s/k3s.yaml | sed 's/127.0.0.1/10.20.11.20/' > generated/k3s/kubeconfig) && chmod 600 generated/k3s/kubeconfig");
    assert.equal(tf.output.k3s_server_url.value, 'https://10.20.11.20:6443');
    assert.deepEqual(tf.resource.proxmox_virtual_environment_vm[AGENT].depends_on, [
      'proxmox_virtual_environment_vm.ubuntu-2404-template', 'proxmox_virtual_environment_vm.k3s-server-1',
      // the agent passes the GPU through the mapping Terraform creates, so it waits for it
      'proxmox_hardware_mapping_pci.rtx4000ada',
    ]);
  });

  it('writes no token value anywhere: every written file holds only the Terraform references', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-k3s-'));
    await synth({ profile: profilePath('k3s-three-node'), outDir: 'out', projectDir: dir });
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    assert.ok(files.length >= 3);
    let references = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.doesNotMatch(text, /K3S_TOKEN|--token |"result"\s*:/, file);
      for (const m of text.matchAll(/-token\\n\s*permissions: \\"0600\\"\\n\s*owner: root:root\\n\s*content: ([^\\]*)\\n/g)) {
        assert.ok([TOKEN_REF, AGENT_TOKEN_REF].includes(m[1]!), m[1]);
        references++;
      }
    }
    assert.equal(references, 5);
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
    assert.equal(agent.vm.gpu?.vendor, 'nvidia');
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
