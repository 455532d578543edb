/** `homelab doctor` compares what the lab needs with what the Terraform token has (`pveum user token permissions`). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { privilegeChecks } from '../../src/doctor/checks/privileges';
import { doctor } from '../../src/doctor/runner';
import { loadLab } from '../../src/model/load';
import { labPrivilegeNeeds, privilegesByPath } from '../../src/proxmox/privileges';
import { loadProfileFile } from '../../src/schema/load';
import { parseSubsystemIds, type HostFacts } from '../../src/ssh/host-facts';
import { profilePath } from '../support/paths';
import { sshdSkip } from '../support/sshd';
import { startSshLab, type SshLab } from '../support/ssh-lab';

describe('homelab doctor: privileges of the Terraform token (real sshd)', { skip: sshdSkip() }, () => {
  let lab: SshLab;
  before(async () => (lab = await startSshLab()));
  after(() => lab?.stop());

  /** The recorded lab as a token user: PCI through a mapping, so that the token can apply it at all. */
  const tokenProfile = () => lab.profile({}, (p) => {
    p.proxmox.terraformUser = 'terraform@pve!homelab';
    p.hosts.ruapehu.pci.p4000 = { ...p.hosts.ruapehu.pci.p4000, iommuGroup: 16, subsystemId: '10de:11a3' };
    p.proxmox.mappings = { p4000: { kind: 'gpu', map: [{ host: 'ruapehu', device: 'p4000' }] } };
    p.vms.plex.pci = [{ mapping: 'p4000' }];
  });

  const run = async (drop: (grants: Record<string, Record<string, number>>) => void) => {
    const profile = tokenProfile();
    const grants: Record<string, Record<string, number>> = {};
    for (const [path, privs] of privilegesByPath(labPrivilegeNeeds(loadLab(profile)))) grants[path] = Object.fromEntries(privs.map((x) => [x, 1]));
    drop(grants);
    lab.serve((h) => void (h.permissions = { user: 'terraform@pve', token: 'homelab', grants }));
    try {
      return (await doctor({ profile, knownHostsFile: lab.trustedKnownHosts(), identity: lab.sshd.keys.identity, timeoutSeconds: 10 }))
        .results.filter((r) => r.check === 'privileges');
    } finally {
      lab.serve();
    }
  };

  it('passes when the token has every privilege of the oracle', async () => {
    assert.deepEqual((await run(() => undefined)).map((r) => [r.status, r.message]), [['pass', 'terraform@pve!homelab has every privilege the lab needs']]);
  });

  it('fails with each missing privilege, its ACL path and the profile fields that need it', async () => {
    const results = await run((g) => {
      delete g['/sdn/zones/localnetwork/vmbr4'];
      delete g['/mapping/pci/p4000']!['Mapping.Use'];
    });
    assert.equal(results.length, 1);
    assert.equal(results[0]!.status, 'fail');
    assert.equal(results[0]!.message, 'terraform@pve!homelab lacks 2 privilege(s): Mapping.Use on /mapping/pci/p4000 (vms.plex.pci[0].mapping); '
      + 'SDN.Use on /sdn/zones/localnetwork/vmbr4 (clusters.main.workers[0].nics[2].bridge, clusters.main.workers[1].nics[2].bridge, clusters.main.workers[2].nics[2].bridge)');
    assert.match(results[0]!.fix!, /pveum acl modify <path> --users terraform@pve/);
  });
});

describe('doctor privileges area (recorded pveum output, no sshd)', () => {
  const profile = () => {
    const p = loadProfileFile(profilePath('triple-nic-mayastor'));
    return { ...p, proxmox: { ...p.proxmox, terraformUser: 'terraform@pve!homelab' } };
  };
  const runArea = async (grants: Record<string, Record<string, number>>, edit = (p: any) => p) => {
    const lab = loadLab(edit(profile()));
    const calls: unknown[][] = [];
    const facts = { permissions: async (...args: unknown[]) => (calls.push(args), grants) } as unknown as HostFacts;
    return { out: await privilegeChecks.run({ lab, host: lab.hosts[0]!, facts }), calls };
  };
  const all = () => {
    const g: Record<string, Record<string, number>> = {};
    for (const [path, privs] of privilegesByPath(labPrivilegeNeeds(loadLab(profile())))) g[path] = Object.fromEntries(privs.map((x) => [x, 1]));
    return g;
  };

  it('asks pveum for the token\'s permissions and passes when they cover the oracle', async () => {
    const { out, calls } = await runArea(all());
    assert.deepEqual(calls, [['terraform@pve', 'homelab']]);
    assert.deepEqual(out.map((o) => [o.status, o.message]), [['pass', 'terraform@pve!homelab has every privilege the lab needs']]);
  });

  it('fails with the missing privilege, its path and the fields that need it; one ACL on / with propagation covers everything', async () => {
    const g = all();
    delete g['/sdn/zones/localnetwork/vmbr3'];
    const { out } = await runArea(g);
    assert.equal(out[0]!.status, 'fail');
    assert.match(out[0]!.message, /^terraform@pve!homelab lacks 1 privilege\(s\): SDN\.Use on \/sdn\/zones\/localnetwork\/vmbr3 \(vms\.plex\.nics\[1\]\.bridge, clusters\.main\.workers\[0\]\.nics\[1\]\.bridge/);
    const everything = Object.fromEntries([...new Set(Object.values(all()).flatMap((p) => Object.keys(p)))].map((x) => [x, 1]));
    assert.equal((await runArea({ '/': everything })).out[0]!.status, 'pass');
    assert.equal((await runArea({ '/': Object.fromEntries(Object.keys(everything).map((x) => [x, 0])) })).out[0]!.status, 'fail', 'not propagated');
  });

  it('is not checked for root@pam', async () => {
    const { out, calls } = await runArea({}, (p) => ({ ...p, proxmox: { ...p.proxmox, terraformUser: 'root@pam' } }));
    assert.deepEqual([out, calls], [[], []]);
  });
});

describe('discover: subsystem ids from sysfs', () => {
  it('parses `<address> 0x<vendor> 0x<device>` lines as vendor:device, skipping anything else', () => {
    assert.deepEqual([...parseSubsystemIds('0000:0d:00.0 0x10de 0x11A3\n0000:0d:00.1 0x10de 0x11a3\ngarbage\n')],
      [['0000:0d:00.0', '10de:11a3'], ['0000:0d:00.1', '10de:11a3']]);
  });
});
