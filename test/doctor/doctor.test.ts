/** `homelab doctor` against a real sshd serving a recorded ruapehu (triple-nic-mayastor). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { doctor, type DoctorReport } from '../../src/doctor/runner';
import { freePort, silentServer, sshdSkip } from '../support/sshd';
import { startSshLab, type SshLab } from '../support/ssh-lab';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const byCheck = (report: DoctorReport, host = 'ruapehu') => report.results.filter((r) => r.host === host);
const failures = (report: DoctorReport) => report.results.filter((r) => r.status === 'fail');

describe('homelab doctor (real sshd)', { skip: sshdSkip() }, () => {
  let lab: SshLab;
  before(async () => (lab = await startSshLab()));
  after(() => lab?.stop());

  const check = (change?: Parameters<SshLab['serve']>[0]) => {
    lab.serve(change);
    return doctor({ profile: lab.profile(), knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity, timeoutSeconds: 10 });
  };

  it('passes every check of a host that matches the profile, prints the table and exits 0', async () => {
    lab.serve();
    const c = capture();
    const code = await run(['node', 'homelab', 'doctor', '-p', lab.profile(), '--known-hosts', lab.trustedKnownHosts(), '-i', lab.sshd.keys.identity], c.io);
    const text = c.out.join('\n');
    assert.equal(code, 0, text);
    assert.match(text, /^HOST\s+CHECK\s+STATUS\s+RESULT/);
    assert.match(text, new RegExp(`ruapehu\\s+ssh\\s+pass\\s+${lab.sshd.user}@127\\.0\\.0\\.1:${lab.sshd.port}, key auth, host key ssh-ed25519 ${lab.sshd.keys.hostFingerprint.replace(/[+/]/g, '\\$&')}`));
    assert.match(text, /ruapehu\s+proxmox\s+pass\s+pve-manager\/8\.2\.4/);
    assert.match(text, /ruapehu\s+pci p4000\s+pass\s+0000:0d:00\.0 10de:1bb1, 0000:0d:00\.1 10de:10f0; vfio-pci; IOMMU group 16; passed to VM 450 only/);
    assert.match(text, /ruapehu\s+bridge vmbr3\s+pass\s+MTU 9000/);
    assert.match(text, /triple-nic-mayastor: 13 pass, 0 warn, 0 fail/);
    // Progress on stderr, one plain line per step as it runs (the table on stdout stays parseable).
    assert.equal(c.err[0], `ruapehu: connecting to ${lab.sshd.user}@127.0.0.1:${lab.sshd.port} (up to 10 s)`);
    assert.equal(c.err[1], 'ruapehu: ssh pass');
    assert.equal(c.err[2], 'ruapehu: proxmox ...');
    assert.equal(c.err[3], 'ruapehu: proxmox 2 pass');
    assert.ok(c.err.includes('ruapehu: iommu ...'));
    const quiet = capture();
    await run(['node', 'homelab', 'doctor', lab.profile(), '--no-progress', '--known-hosts', lab.trustedKnownHosts(), '-i', lab.sshd.keys.identity], quiet.io);
    assert.deepEqual(quiet.err, []);

    const report = await check();
    assert.deepEqual(byCheck(report).map((r) => [r.check, r.status]), [
      ['ssh', 'pass'], ['proxmox', 'pass'], ['node-name', 'pass'], ['iommu', 'pass'], ['pci p4000', 'pass'],
      ['bridge vmbr0', 'pass'], ['bridge vmbr3', 'pass'], ['bridge vmbr4', 'pass'],
      ['storage local', 'pass'], ['storage local-lvm', 'pass'], ['storage ranginui', 'pass'], ['cpu', 'pass'], ['memory', 'pass'],
    ]);
    assert.equal(report.ok, true);
    assert.match(byCheck(report).find((r) => r.check === 'cpu')!.message, /^24 vCPUs of 5 VMs on 24 threads$/);
    assert.match(byCheck(report).find((r) => r.check === 'memory')!.message, /^63488 MiB for 5 VMs; host: 64214 MiB total, 3809 MiB available$/);
  });

  it('fails a GPU that is bound to nouveau instead of vfio-pci, with the vfio fix, and exits 1', async () => {
    lab.serve((h) => {
      h.pci = h.pci.map((p) => (p.line.startsWith('0000:0d:00.0') ? { ...p, driver: 'nouveau' } : p.line.startsWith('0000:0d:00.1') ? { ...p, driver: 'snd_hda_intel' } : p));
    });
    const c = capture();
    const code = await run(['node', 'homelab', 'doctor', '-p', lab.profile(), '--known-hosts', lab.trustedKnownHosts(), '-i', lab.sshd.keys.identity, '--format', 'json'], c.io);
    assert.equal(code, 1);
    const report = JSON.parse(c.out.join('\n')) as DoctorReport;
    assert.deepEqual(failures(report).map((r) => [r.check, r.message]), [
      ['pci p4000', '0000:0d:00.0 (10de:1bb1) is bound to nouveau, not vfio-pci'],
      ['pci p4000', '0000:0d:00.1 (10de:10f0) is bound to snd_hda_intel, not vfio-pci'],
    ]);
    assert.match(failures(report)[0]!.fix!, /options vfio-pci ids=10de:1bb1,10de:10f0.*blacklist nouveau.*update-initramfs -u -k all/);
    assert.deepEqual(report.summary, { pass: 12, warn: 0, fail: 2 });
  });

  it('fails when the IOMMU is off (no kernel flag, no IOMMU groups)', async () => {
    const report = await check((h) => {
      h.cmdline = 'BOOT_IMAGE=/boot/vmlinuz-6.8.8-2-pve root=/dev/mapper/pve-root ro quiet';
      h.iommu = false;
    });
    const iommu = byCheck(report).find((r) => r.check === 'iommu')!;
    assert.equal(iommu.status, 'fail');
    assert.match(iommu.message, /^IOMMU is off: no IOMMU flags on the kernel command line and \/sys\/kernel\/iommu_groups is empty; PCI passthrough needs it$/);
    assert.match(iommu.fix!, /intel_iommu=on iommu=pt.*update-grub/);
    assert.equal(report.ok, false);
  });

  it('fails a bridge that is missing on the host', async () => {
    const report = await check((h) => void (h.bridges = h.bridges.filter((b) => b.name !== 'vmbr4')));
    assert.deepEqual(failures(report).map((r) => [r.check, r.message]), [['bridge vmbr4', 'no bridge vmbr4 on ruapehu (bridges: vmbr0, vmbr3)']]);
    assert.match(failures(report)[0]!.fix!, /auto vmbr4 \/ iface vmbr4 inet manual .* ifreload -a/);
  });

  it('fails a bridge whose MTU differs from the profile', async () => {
    const report = await check((h) => void (h.bridges.find((b) => b.name === 'vmbr3')!.mtu = 1500));
    assert.deepEqual(failures(report).map((r) => [r.check, r.message]), [['bridge vmbr3', 'MTU is 1500, the profile says 9000']]);
    assert.match(failures(report)[0]!.fix!, /set "mtu 9000" on vmbr3 .* \(or set hosts\.ruapehu\.bridges\.vmbr3\.mtu: 1500\)/);
  });

  it('fails a GPU that another VM passes through, a missing storage content type and a wrong node name', async () => {
    const report = await check((h) => {
      h.vmConfigs[460] = 'cores: 2\nhostpci0: 0d:00.0,pcie=1\nmemory: 2048\nname: old-plex\n';
      h.storage[0] = { ...h.storage[0], content: 'iso,backup' };
      h.hostname = 'ruapehu-old';
    });
    assert.deepEqual(failures(report).map((r) => [r.check, r.message, r.fix]), [
      ['node-name', 'the host is node "ruapehu-old", the profile says "ruapehu"', 'set hosts.ruapehu.nodeName: ruapehu-old (or check that 127.0.0.1 is the right host)'],
      ['pci p4000', 'VM 460 also passes 0000:0d:00.0 through (hostpci0); a device belongs to one VM at a time', 'remove it from VM 460 (qm set 460 --delete hostpci0) so VM 450 can own it'],
      ['storage local', 'local does not allow vztmpl, snippets, import (content: iso,backup)', 'pvesm set local --content iso,backup,vztmpl,snippets,import'],
    ]);
  });

  it('sees a VM that takes the GPU through a resource mapping as another owner', async () => {
    lab.serve((h) => void (h.vmConfigs[460] = 'cores: 2\nhostpci0: mapping=p4000,pcie=1\nmemory: 2048\nname: old-plex\n'));
    try {
      const profile = lab.profile({}, (p) => {
        p.proxmox.mappings = { p4000: { kind: 'gpu', map: [{ host: 'ruapehu', device: 'p4000' }] } };
        p.vms.plex.pci = [{ mapping: 'p4000' }];
      });
      const report = await doctor({ profile, knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity, timeoutSeconds: 10 });
      assert.deepEqual(failures(report).map((r) => [r.check, r.message]), [
        ['pci p4000', 'VM 460 also passes 0000:0d:00 through (hostpci0, mapping p4000); a device belongs to one VM at a time'],
      ]);
    } finally {
      lab.serve();
    }
  });

  it('fails the area whose command is missing (not a Proxmox VE node) and still runs the others', async () => {
    const report = await check((h) => void delete h.pveversion);
    assert.deepEqual(failures(report).map((r) => [r.check, r.message]), [['proxmox', '`pveversion` failed (exit 127): pveversion: no recorded output for:']]);
    assert.match(failures(report)[0]!.fix!, /^run `pveversion` on ruapehu as \w+ to see why/);
    assert.equal(byCheck(report).find((r) => r.check === 'bridge vmbr3')!.status, 'pass');
  });

  it('reports a closed port and a host that never answers within the timeout while still checking the other host', async () => {
    lab.serve();
    const silent = await silentServer();
    try {
      const started = Date.now();
      const progress: string[] = [];
      const report = await doctor({
        profile: lab.profile({ closed: await freePort(), silent: silent.port }),
        knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity, timeoutSeconds: 1,
        onProgress: (l) => progress.push(l),
      });
      assert.ok(progress.includes('closed: ssh FAIL'));
      assert.ok(progress.includes('silent: ssh FAIL (no answer within 1 s)') || progress.includes('silent: ssh FAIL'), progress.join('\n'));
      assert.ok(progress.includes('ruapehu: ssh pass'));
      assert.ok(Date.now() - started < 6000, `took ${Date.now() - started} ms`);
      const closed = byCheck(report, 'closed');
      assert.deepEqual(closed.map((r) => [r.check, r.status]), [['ssh', 'fail']]);
      assert.match(closed[0]!.message, /ECONNREFUSED/);
      const silentRows = byCheck(report, 'silent');
      assert.deepEqual(silentRows.map((r) => [r.check, r.status]), [['ssh', 'fail']]);
      assert.match(silentRows[0]!.message, /no SSH handshake within the timeout|no answer within 1 s/);
      assert.equal(byCheck(report).filter((r) => r.status !== 'pass').length, 0);
      assert.ok(byCheck(report).length > 10);
    } finally {
      await silent.close();
    }
  });

  it('checks only the hosts named with --host and refuses an unknown one', async () => {
    const profile = lab.profile({ closed: await freePort() });
    const report = await doctor({ profile, hosts: ['ruapehu'], knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity });
    assert.deepEqual([...new Set(report.results.map((r) => r.host))], ['ruapehu']);
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'doctor', '-p', profile, '--host', 'nope'], c.io), 64);
    assert.match(c.err.join('\n'), /--host nope: not a host of the profile \(hosts: closed, ruapehu\)/);
  });
});
