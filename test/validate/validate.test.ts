import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadLab } from '../../src/model/load';
import { validate, validateLab, type Rule } from '../../src/validate/validate';
import { fixturePath, profilePath, ROOT } from '../support/paths';
import { PROFILES } from '../support/synth';

const rulesFixture = (name: string) => fixturePath('invalid', 'rules', `${name}.yaml`);
const profileObject = (name: string) => parse(readFileSync(profilePath(name), 'utf8'));

describe('validate', () => {
  it('finds no errors in the reference profiles, and only true warnings', async () => {
    const byProfile: Record<string, string[]> = {};
    for (const p of PROFILES) {
      const result = await validate({ profile: profilePath(p) });
      assert.equal(result.errors, 0, `${p}: ${JSON.stringify(result.findings, null, 2)}`);
      assert.equal(result.ok, true);
      byProfile[p] = result.findings.map((f) => `${f.id} ${f.path}`);
    }
    assert.deepEqual(byProfile, {
      default: [],
      // root@pam runs Terraform there; the profile acknowledges HL-HW-007 with that reason
      'triple-nic-mayastor': [],
      // credentials are an API token (PROXMOX_TOKEN): the GPU goes through resource mappings
      // the repository is ssh:// on the cluster's own Forgejo (10.10.2.13): no key, and nothing serves it on an empty cluster
      'single-node-gpu': ['HL-GITOPS-001 clusters.home.gitops.repo.url', 'HL-GITOPS-002 clusters.home.gitops.repo.url'],
      // nothing creates the Cloudflare token of the DNS-01 issuer (synth prints the command)
      'flux-layered': ['HL-APP-006 clusters.main.apps.cert-manager.secrets'],
      // two K3s servers (embedded etcd): losing either stops the cluster
      'k3s-three-node': ['HL-APP-006 clusters.k3s.apps.cert-manager.secrets', 'HL-CLUSTER-001 clusters.k3s.servers'],
    });
  });

  it('locates findings of a profile file by file:line:col', async () => {
    const { findings } = await validate({ profile: rulesFixture('vip-outside-nic0-network') });
    const vip = findings.find((f) => f.id === 'HL-ADDR-005')!;
    assert.match(vip.file!, /vip-outside-nic0-network\.yaml$/);
    assert.deepEqual([vip.line, vip.column], [15, 5]);
  });

  it('acknowledge silences a warning by id and counts it', async () => {
    const profile = profileObject('triple-nic-mayastor');
    delete profile.acknowledge;
    assert.equal((await validate({ profile })).warnings, 1);
    profile.acknowledge = [{ id: 'HL-HW-007', reason: 'Terraform runs as root@pam' }];
    const result = await validate({ profile, strict: true });
    assert.deepEqual(result.findings, []);
    assert.equal(result.acknowledged, 1);
    assert.equal(result.ok, true);
    assert.equal((await validate({ profile: profilePath('triple-nic-mayastor') })).acknowledged, 1);
  });

  it('acknowledge does not silence errors', async () => {
    const profile = profileObject('default');
    profile.clusters.lab.workers[0].nics[0].address = '10.9.9.9';
    profile.acknowledge = [{ id: 'HL-ADDR-001', reason: 'no' }];
    const { findings } = await validate({ profile });
    assert.deepEqual(findings.map((f) => `${f.severity} ${f.id} ${f.path}`), [
      'warning HL-ACK-001 acknowledge[0].id',
      'error HL-ADDR-001 clusters.lab.workers[0].nics[0].address',
    ]);
  });

  it('runs user rules passed as extraRules with their own ids', async () => {
    const noPlex: Rule = {
      id: 'MY-NAME-001',
      severity: 'warning',
      description: 'VM names do not contain "plex"',
      *check(lab) {
        for (const vm of lab.vms) if (vm.name.includes('plex')) yield { path: vm.path, message: `VM "${vm.name}"`, fix: 'rename it' };
      },
    };
    const result = await validate({ profile: profilePath('triple-nic-mayastor'), extraRules: [noPlex], strict: true });
    assert.deepEqual(result.findings.map((f) => [f.id, f.severity, f.path]), [['MY-NAME-001', 'warning', 'vms.plex']]);
    assert.equal(result.ok, false);
    const lab = loadLab(profilePath('triple-nic-mayastor'));
    assert.deepEqual(validateLab(lab, { rules: [noPlex] }).map((f) => f.id), ['MY-NAME-001']);
    await assert.rejects(validate({ profile: profilePath('default'), extraRules: [{ ...noPlex, id: 'HL-HW-007' }] }), /HL-HW-007 is used by more than one rule/);
  });

  it('sorts findings by path (list indices numerically), then id', () => {
    const profile = profileObject('default');
    const worker = profile.clusters.lab.workers[0];
    profile.clusters.lab.workers = Array.from({ length: 11 }, (_, i) => ({ ...worker, name: `w-${i}`, vmId: 900 + i, nics: [{ bridge: 'vmbr0', address: `10.0.0.${i + 1}` }] }));
    profile.hosts.pve.cpuThreads = 64;
    const paths = validateLab(loadLab(profile)).map((f) => f.path);
    assert.equal(paths[2], 'clusters.lab.workers[2].nics[0].address');
    assert.equal(paths[10], 'clusters.lab.workers[10].nics[0].address');
    assert.deepEqual(validateLab(loadLab(profile)), validateLab(loadLab(profile)));
  });

  it('lets a stopped VM share a PCI device with a started one', () => {
    const file = readFileSync(rulesFixture('pci-two-started-vms'), 'utf8');
    const profile = parse(file);
    profile.vms.b.started = false;
    assert.deepEqual(validateLab(loadLab(profile)).filter((f) => f.id === 'HL-HW-001'), []);
  });

  it('loads no cdktf (validate starts fast)', () => {
    const script = `require(${JSON.stringify(`${ROOT}/dist/src/cli/main.js`)}).run(['node', 'homelab', 'validate', '-p', ${JSON.stringify(profilePath('default'))}], { out() {}, err() {} })
      .then((code) => console.log(code, Object.keys(require.cache).some((k) => /[\\\\/]cdktf[\\\\/]|cdktf\\.js$/.test(k))))`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.stdout.trim(), '0 false', r.stderr);
  });
});
