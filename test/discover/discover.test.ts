/** `homelab discover` against a real sshd serving a recorded ruapehu: the skeleton loads and lists what the host has. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { discover } from '../../src/discover/discover';
import { doctor } from '../../src/doctor/runner';
import { loadLab } from '../../src/model/load';
import { parseProfileText } from '../../src/schema/load';
import { sshdSkip } from '../support/sshd';
import { startSshLab, type SshLab } from '../support/ssh-lab';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('homelab discover (real sshd)', { skip: sshdSkip() }, () => {
  let lab: SshLab;
  before(async () => (lab = await startSshLab()));
  after(() => lab?.stop());

  const ssh = () => ({ port: lab.sshd.port, knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity });
  const target = () => `${lab.sshd.user}@127.0.0.1`;

  it('writes a skeleton that loadLab accepts, with the bridges, storage, PCI devices and VMIDs of the host', async () => {
    lab.serve();
    const out = join(lab.dir, 'profiles', 'ruapehu-lab.yaml');
    const result = await discover({ target: target(), out, ...ssh() });
    assert.equal(result.file, out);
    const text = readFileSync(out, 'utf8');
    const loaded = loadLab(out);
    assert.equal(loaded.name, 'ruapehu-lab');
    assert.equal(loaded.vms.length + loaded.clusters.length, 0);
    const host = loaded.hosts[0]!;
    assert.deepEqual([host.key, host.nodeName, host.address, host.sshPort, host.cpuThreads, host.memoryMiB], ['ruapehu', 'ruapehu', '127.0.0.1', lab.sshd.port, 24, 64214]);
    assert.deepEqual([...host.bridges.values()].map((b) => [b.name, b.mtu, b.vlanAware, b.network?.cidr, b.network?.gateway]), [
      ['vmbr0', 1500, false, '10.10.0.0/24', '10.10.0.1'],
      ['vmbr3', 9000, false, '10.40.0.0/24', undefined],
      ['vmbr4', 1500, false, undefined, undefined],
    ]);
    assert.deepEqual([...host.storage.values()].map((s) => [s.id, s.type, s.content.join(',')]), [
      ['local', 'dir', 'iso,vztmpl,backup,snippets,import'], ['local-lvm', 'lvmthin', 'rootdir,images'], ['ranginui', 'zfspool', 'images,rootdir'],
    ]);
    assert.deepEqual([...host.pci.values()].map((p) => [p.name, p.address, p.id, p.kind, p.iommuGroup, p.passthrough]), [
      ['audio-0d-00-1', '0000:0d:00.1', '10de:10f0', 'audio', 16, false],
      ['gpu-00-02-0', '0000:00:02.0', '8086:4680', 'gpu', 2, false],
      ['gpu-0d-00-0', '0000:0d:00.0', '10de:1bb1', 'gpu', 16, false],
      ['hba-00-17-0', '0000:00:17.0', '8086:7ae2', 'hba', 7, false],
      ['nic-01-00-0', '0000:01:00.0', '15b3:1007', 'nic', 12, false],
      ['nic-05-00-0', '0000:05:00.0', '8086:15f3', 'nic', 14, false],
    ]);
    assert.match(text, /^# yaml-language-server: \$schema=(\.\.\/)+.*schema\/profile\.schema\.json\n/);
    assert.match(text, /gpu-0d-00-0: \{ address: "0000:0d:00\.0", id: "10de:1bb1", kind: gpu, iommuGroup: 16, subsystemId: "10de:11a3", passthrough: false \} # NVIDIA Corporation GP104GL \[Quadro P4000\]/);
    assert.match(text, /vmbr4: \{ mtu: 1500 \} # decide: no IPv4 address on the host/);
    assert.match(text, /# decide: add `budget: \{ cpuThreads, memoryMiB \}`/);
    assert.match(text, /# VMIDs already in use in the cluster \(never reuse them for new VMs\):\n#   400 talos-cp-1 \(qemu on ruapehu\)\n#   401 talos-worker-1 .*\n#   402 .*\n#   403 .*\n#   450 plex \(qemu on ruapehu\)\n/);
  });

  it('gives a profile that doctor passes against the same host', async () => {
    lab.serve();
    const { text } = await discover({ target: target(), ...ssh() });
    const report = await doctor({ profile: parseProfileText(text), knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity });
    assert.deepEqual(report.results.filter((r) => r.status !== 'pass'), []);
    assert.equal(report.results.length, 12); // ssh, proxmox, node-name, iommu, 3 bridges, 3 storage, cpu, memory
  });

  it('keeps VLAN-aware bridges and leaves out storage the profile cannot describe, saying why', async () => {
    lab.serve((h) => {
      h.bridges.push({ name: 'vmbr1', mtu: 1500, vlanFiltering: true });
      h.storage.push({ storage: 'esxi-import', type: 'esxi', content: 'import' }, { storage: 'nas-backup', type: 'nfs', content: 'backup', nodes: 'taupo' });
    });
    const { text } = await discover({ target: target(), ...ssh() });
    assert.match(text, /vmbr1: \{ mtu: 1500, vlanAware: true \}/);
    assert.match(text, /# not listed: esxi-import: type esxi is not supported; nas-backup: not available on ruapehu\n\s+storage:/);
    assert.equal(loadLab(parseProfileText(text)).hosts[0]!.bridges.get('vmbr1')!.vlanAware, true);
  });

  it('says which other devices share a passthrough candidate\'s IOMMU group (they go to the VM with it)', async () => {
    lab.serve((h) => {
      const nic = h.pci.find((d) => d.line.startsWith('0000:05:00.0'))!;
      (nic as { iommuGroup?: number }).iommuGroup = 16; // the GPU's group
    });
    try {
      const { text } = await discover({ target: target(), ...ssh() });
      assert.match(text, /Quadro P4000.*decide: IOMMU group 16 also holds 0000:05:00\.0, which goes to the VM with it/);
      assert.doesNotMatch(text, /High Definition Audio Controller.*also holds 0000:0d:00\.0/, 'a GPU\'s own functions are not a decision');
    } finally {
      lab.serve();
    }
  });

  it('prints to stdout without --out, and never overwrites a profile', async () => {
    lab.serve();
    const c = capture();
    const args = [target(), '--port', String(lab.sshd.port), '--known-hosts', lab.trustedKnownHosts(), '-i', lab.sshd.keys.identity];
    assert.equal(await run(['node', 'homelab', 'discover', ...args], c.io), 0, c.err.join('\n'));
    assert.match(c.out.join('\n'), /^# yaml-language-server: \$schema=\.\.\/schema\/profile\.schema\.json\n# ruapehu: discovered from .* \(pve-manager\/8\.2\.4\/faa83925c9641325\)/);
    const out = join(lab.dir, 'existing.yaml');
    const first = capture();
    assert.equal(await run(['node', 'homelab', 'discover', ...args, '--out', out], first.io), 0);
    assert.match(first.out[0]!, /^wrote .*existing\.yaml: host ruapehu, 3 bridges, 3 storage, 6 PCI devices, 5 existing guests$/);
    const again = capture();
    assert.equal(await run(['node', 'homelab', 'discover', ...args, '--out', out], again.io), 3);
    assert.match(again.err.join('\n'), /existing\.yaml exists and discover never overwrites a profile/);
  });

  it('refuses an unknown host key with the fingerprint and exit 1, writing nothing', async () => {
    const out = join(lab.dir, 'never.yaml');
    const c = capture();
    const code = await run(['node', 'homelab', 'discover', target(), '--port', String(lab.sshd.port), '--known-hosts', join(lab.dir, 'no_known_hosts'), '-i', lab.sshd.keys.identity, '-o', out], c.io);
    assert.equal(code, 1);
    assert.match(c.err[0]!, new RegExp(`^error: host key of \\[127\\.0\\.0\\.1\\]:${lab.sshd.port} is not in .*: ssh-ed25519 SHA256:`));
    assert.match(c.err[1]!, /^fix: .*--accept-new/);
    assert.equal(existsSync(out), false);
  });
});
