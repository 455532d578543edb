import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { resolveLab } from '../../src/model/resolve';
import { parseProfileText } from '../../src/schema/load';
import { nodeConfigPatches } from '../../src/talos/machine-patches';
import { profilePath } from '../support/paths';
import { validateTalosPatch } from '../support/talos-schema';

function labWith(edit: (text: string) => string) {
  return resolveLab(parseProfileText(edit(readFileSync(profilePath('default'), 'utf8'))));
}

describe('Talos machine patches', () => {
  it('uses machine.network.interfaces with deviceSelector.hardwareAddr for Talos 1.11, valid against the 1.11 schema', () => {
    const lab = labWith((t) => t.replace('  lab:\n', '  lab:\n    talosVersion: v1.11.6\n    vip: 192.168.1.19\n'));
    const cluster = lab.clusters[0]!;
    const cp = cluster.controlPlanes[0]!;
    const patches = nodeConfigPatches(cluster, cp, 'factory.talos.dev/installer/abc:v1.11.6');
    assert.deepEqual(validateTalosPatch(patches[0]!, 'v1.11.6'), []);
    const docs = parseAllDocuments(patches[0]!).map((d) => d.toJS());
    assert.equal(docs.length, 1, 'no separate network documents before 1.12');
    assert.deepEqual(docs[0].machine.network.interfaces, [
      {
        deviceSelector: { hardwareAddr: '02:00:00:03:20:00' },
        mtu: 1500,
        addresses: ['192.168.1.20/24'],
        routes: [{ network: '0.0.0.0/0', gateway: '192.168.1.1' }],
        vip: { ip: '192.168.1.19' },
      },
    ]);
    assert.equal(docs[0].machine.network.hostname, 'lab-cp-1');
  });

  it('puts the VIP on the control planes only, as a Layer2VIPConfig on NIC 0 (Talos >= 1.12)', () => {
    const lab = labWith((t) => t.replace('  lab:\n', '  lab:\n    vip: 192.168.1.19\n'));
    const cluster = lab.clusters[0]!;
    assert.equal(cluster.clusterEndpoint, 'https://192.168.1.19:6443');
    const docsOf = (node: (typeof cluster.controlPlanes)[number]) =>
      parseAllDocuments(nodeConfigPatches(cluster, node, 'img')[0]!).map((d) => d.toJS());
    assert.deepEqual(docsOf(cluster.controlPlanes[0]!).filter((d) => d.kind === 'Layer2VIPConfig'), [
      { apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: '192.168.1.19', link: 'net0' },
    ]);
    assert.deepEqual(docsOf(cluster.workers[0]!).filter((d) => d.kind === 'Layer2VIPConfig'), []);
    for (const n of [...cluster.controlPlanes, ...cluster.workers]) {
      assert.deepEqual(validateTalosPatch(nodeConfigPatches(cluster, n, 'img')[0]!, cluster.talosVersion), []);
    }
  });

  it('appends user patches after ours: cluster-wide, role, then node', () => {
    const lab = labWith((t) =>
      t.replace('  lab:\n', '  lab:\n    patches:\n      all: [{ machine: { sysctls: { a: "1" } } }]\n      worker: [{ machine: { sysctls: { b: "2" } } }]\n'),
    );
    const cluster = lab.clusters[0]!;
    const patches = nodeConfigPatches(cluster, cluster.workers[0]!, 'img');
    assert.deepEqual(patches.slice(1), ['machine:\n  sysctls:\n    a: "1"\n', 'machine:\n  sysctls:\n    b: "2"\n']);
    assert.equal(nodeConfigPatches(cluster, cluster.controlPlanes[0]!, 'img').length, 2);
  });
});

describe('Talos user volumes for Longhorn', () => {
  it('gives each purpose: longhorn disk a UserVolumeConfig selected by its serial (mounted at /var/mnt/longhorn)', async () => {
    const { loadLab } = await import('../../src/model/load');
    const lab = loadLab(profilePath('flux-layered'));
    const cluster = lab.clusters[0]!;
    const worker = cluster.workers[0]!;
    const docs = parseAllDocuments(nodeConfigPatches(cluster, worker, 'img')[0]!).map((d) => d.toJS());
    const volumes = docs.filter((d) => d.kind === 'UserVolumeConfig');
    assert.equal(volumes.length, 1);
    assert.equal(volumes[0].name, 'longhorn');
    assert.equal(volumes[0].provisioning.diskSelector.match, `disk.serial == '${worker.vm.disks[1]!.serial}'`);
    assert.deepEqual(validateTalosPatch(nodeConfigPatches(cluster, worker, 'img')[0]!, cluster.talosVersion), []);
    const cp = parseAllDocuments(nodeConfigPatches(cluster, cluster.controlPlanes[0]!, 'img')[0]!).map((d) => d.toJS());
    assert.deepEqual(cp.filter((d) => d.kind === 'UserVolumeConfig'), []);
  });
});
