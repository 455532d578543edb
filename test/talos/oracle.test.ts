import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadLab } from '../../src/model/load';
import { resolveLab } from '../../src/model/resolve';
import { loadProfileFile } from '../../src/schema/load';
import type { ProfileInput } from '../../src/schema/profile';
import { nodeDocuments } from '../../src/talos/machine-patches';
import { applyPatch, checkCluster, generatedDocuments, mergedConfig, validateDocuments } from '../../src/talos/oracle';
import { profilePath } from '../support/paths';
import { checkUserVolume, parseByteSize } from '../../src/talos/oracle/volumes';

const TALOS_PROFILES = ['default', 'triple-nic-mayastor', 'flux-layered', 'single-node-gpu'];
const VERSIONS = ['v1.11.6', 'v1.12.4', 'v1.13.0'];

/** A reference profile with every Talos cluster moved to `version`. */
function labAt(name: string, version: string) {
  const input = structuredClone(loadProfileFile(profilePath(name))) as ProfileInput & { clusters?: Record<string, Record<string, unknown>> };
  for (const c of Object.values(input.clusters ?? {})) if (c.type !== 'k3s') c.talosVersion = version;
  return resolveLab(input);
}

const base = (version: string, machineType: 'controlplane' | 'worker' = 'worker') =>
  generatedDocuments({ machineType, talosVersion: version, kubernetesVersion: 'v1.33.6', clusterName: 'c', endpoint: 'https://10.0.0.10:6443' });

describe('Talos config oracle', () => {
  for (const name of TALOS_PROFILES) {
    for (const version of VERSIONS) {
      it(`accepts the merged config of every node of ${name} on Talos ${version}`, () => {
        const lab = labAt(name, version);
        assert.ok(lab.clusters.length > 0);
        assert.deepEqual(lab.clusters.flatMap(checkCluster), []);
      });
    }
  }

  it('rejects what the previous release emitted on Talos >= 1.12: a 0.0.0.0/0 destination and a hostname without auto: off', () => {
    // siderolabs/talos v1.13.0 network/link.go CommonLinkConfig.Validate and network/hostname.go Validate.
    const old = [
      { machine: { install: { disk: '/dev/vda' } } },
      { apiVersion: 'v1alpha1', kind: 'HostnameConfig', hostname: 'cp-1' },
      { apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'net0', up: true, routes: [{ destination: '0.0.0.0/0', gateway: '10.0.0.1' }] },
    ];
    const problems = validateDocuments(applyPatch(base('v1.13.0'), old), 'v1.13.0');
    assert.deepEqual(problems.map((p) => [p.rule, p.document]), [
      ['hostname', 'v1alpha1/HostnameConfig'],
      ['link', 'v1alpha1/LinkConfig/net0'],
    ]);
    assert.match(problems[0]!.message, /'auto' and 'hostname' cannot be set at the same time/);
    assert.match(problems[1]!.message, /route 0 destination must be a valid IP prefix/);
  });

  it('merges like the provider: the generated auto: stable is overwritten by our auto: off', () => {
    const lab = loadLab(profilePath('default'));
    const cluster = lab.clusters[0]!;
    const docs = mergedConfig(cluster, cluster.controlPlanes[0]!);
    assert.deepEqual(docs.filter((d) => d.kind === 'HostnameConfig'), [{ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: 'lab-cp-1' }]);
    const link = docs.find((d) => d.kind === 'LinkConfig') as { routes: unknown };
    assert.deepEqual(link.routes, [{ gateway: '192.168.1.1' }]);
    const v1 = docs.find((d) => d.kind === undefined) as { machine: { network?: unknown; install: { disk: string } } };
    assert.equal(v1.machine.network, undefined, 'the 1.13 generator emits no machine.network');
    assert.equal(v1.machine.install.disk, '/dev/vda');
  });

  it('generates per version contract: machine.network and stableHostname up to 1.11, HostnameConfig from 1.12', () => {
    const v111 = base('v1.11.6')[0] as { machine: { network?: unknown; features: { stableHostname?: boolean } } };
    assert.deepEqual(v111.machine.network, {});
    assert.equal(v111.machine.features.stableHostname, true);
    assert.equal(base('v1.11.6').length, 1);
    assert.deepEqual(base('v1.12.4')[1], { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
    assert.deepEqual((base('v1.12.4')[0] as { machine: { network?: unknown } }).machine.network, {});
    assert.equal((base('v1.13.0')[0] as { machine: { network?: unknown } }).machine.network, undefined);
  });

  it('appends lists, replaces podSubnets, merges interfaces by name and honours $patch: delete', () => {
    const left = [{ version: 'v1alpha1', machine: { certSANs: ['a'], network: { interfaces: [{ interface: 'eth0', mtu: 1500 }] } }, cluster: { network: { podSubnets: ['10.244.0.0/16'] } } }];
    const untouched = JSON.stringify(left);
    const [merged] = applyPatch(left, [{ machine: { certSANs: ['b'], network: { interfaces: [{ interface: 'eth0', mtu: 9000 }] } }, cluster: { network: { podSubnets: ['10.42.0.0/16'] } } }]);
    assert.deepEqual(merged, { version: 'v1alpha1', machine: { certSANs: ['a', 'b'], network: { interfaces: [{ interface: 'eth0', mtu: 9000 }] } }, cluster: { network: { podSubnets: ['10.42.0.0/16'] } } });
    assert.equal(JSON.stringify(left), untouched, 'the merge never mutates its inputs');
    const [deleted] = applyPatch(left, [{ machine: { network: { $patch: 'delete' } } }]);
    assert.deepEqual((deleted as { machine: object }).machine, { certSANs: ['a'] });
    const docs = applyPatch([...left, { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' }], [{ apiVersion: 'v1alpha1', kind: 'HostnameConfig', $patch: 'delete' }]);
    assert.equal(docs.length, 1);
  });

  it('gives a DHCP NIC a DHCPv4Config on Talos >= 1.12 and dhcp: true on 1.11', () => {
    for (const [version, expect] of [['v1.13.0', 'doc'], ['v1.11.6', 'legacy']] as const) {
      const input = structuredClone(loadProfileFile(profilePath('default'))) as ProfileInput & { clusters: Record<string, any> };
      const cluster = Object.values(input.clusters)[0];
      cluster.talosVersion = version;
      cluster.workers[0].nics.push({ bridge: 'vmbr0', address: 'dhcp' });
      const lab = resolveLab(input);
      const c = lab.clusters[0]!;
      const worker = c.workers[0]!;
      const docs = nodeDocuments(c, worker, 'img');
      if (expect === 'doc') assert.deepEqual(docs.filter((d) => d.kind === 'DHCPv4Config'), [{ apiVersion: 'v1alpha1', kind: 'DHCPv4Config', name: 'net1' }]);
      else assert.equal((docs[0] as any).machine.network.interfaces[1].dhcp, true);
      assert.deepEqual(checkCluster(c), []);
    }
  });
});

describe('UserVolumeConfig (block/user_volume_config.go at v1.13.0)', () => {
  const check = (doc: Record<string, unknown>) => {
    const out: { message: string }[] = [];
    checkUserVolume({ apiVersion: 'v1alpha1', kind: 'UserVolumeConfig', ...doc }, 'v1alpha1/UserVolumeConfig/x', out as never);
    return out.map((p) => p.message);
  };
  const selector = { diskSelector: { match: "disk.serial == 'lh0'" } };
  it('accepts the Longhorn volumes homelab writes and the documented forms', () => {
    assert.deepEqual(check({ name: 'longhorn', provisioning: { ...selector, minSize: '99GiB', grow: true } }), []);
    assert.deepEqual(check({ name: 'data', provisioning: { ...selector, minSize: '10GB', maxSize: '80%' }, filesystem: { type: 'ext4' } }), []);
    assert.deepEqual(check({ name: 'scratch', volumeType: 'disk', provisioning: selector }), []);
    assert.deepEqual(check({ name: 'logs', volumeType: 'directory' }), []);
  });
  it('words each refusal as Talos does', () => {
    assert.deepEqual(check({ name: 'a'.repeat(35), provisioning: { ...selector, minSize: '1GiB' } }), ['name must be between 1 and 34 characters long']);
    assert.deepEqual(check({ name: 'my_vol', provisioning: { ...selector, minSize: '1GiB' } }), ['name can only contain lowercase and uppercase ASCII letters, digits, and hyphens']);
    assert.deepEqual(check({ name: 'x', provisioning: { ...selector, minSize: '20GiB', maxSize: '10GiB' } }), ['min size is greater than max size']);
    assert.deepEqual(check({ name: 'x', volumeType: 'disk', provisioning: { ...selector, grow: true } }), ['min size, max size and grow are not supported']);
    assert.deepEqual(check({ name: 'x', volumeType: 'directory', provisioning: selector }), ['provisioning spec is invalid for volumeType directory']);
    assert.deepEqual(check({ name: 'x', provisioning: { ...selector, minSize: '1GiB' }, filesystem: { type: 'btrfs' } }), ['unsupported filesystem type: btrfs']);
    assert.deepEqual(check({ name: 'x', volumeType: 'tmpfs' }), ['unsupported volume type "tmpfs"']);
  });
  it('parses sizes like go-humanize ParseBytes', () => {
    assert.deepEqual([parseByteSize('1GiB'), parseByteSize('1GB'), parseByteSize('-2MiB'), parseByteSize('lots')],
      [{ bytes: 1024 ** 3, negative: false }, { bytes: 1e9, negative: false }, { bytes: 2 * 1024 ** 2, negative: true }, undefined]);
  });
});
