import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/errors';
import { Host } from '../../../src/constructs/proxmox/host';
import { TalosCluster } from '../../../src/constructs/talos/talos-cluster';
import { K3sCluster } from '../../../src/constructs/k3s/k3s-cluster';
import { codeLab, PVE, PVE2, synthJson } from '../../support/code-lab';

const node = (name: string, vmId: number, host: string | Host, address: string) => ({ name, vmId, host, nics: [{ bridge: 'vmbr0', address }], disks: [{ storage: 'local-lvm', sizeGiB: 32 }] });

describe('TalosCluster (author props)', () => {
  it('resolves props like clusters.<name> over two hosts, writes the kubeconfig beside the project and exposes its resources', () => {
    const lab = codeLab();
    const pve = new Host(lab, 'pve', PVE);
    new Host(lab, 'pve2', PVE2);
    const main = new TalosCluster(lab, 'main', { controlPlanes: [node('cp-1', 800, pve, '10.10.0.20')], workers: [node('w-1', 810, 'pve2', '10.10.0.30')] });
    main.nodes[1]!.vm.resource.addOverride('cpu.units', 200);
    const tf = synthJson(lab);
    const vms = tf.resource.proxmox_virtual_environment_vm;
    assert.deepEqual([vms['cp-1'].node_name, vms['w-1'].node_name, vms['w-1'].cpu.units], ['pve', 'pve2', 200]);
    assert.equal(tf.resource.local_sensitive_file['main-kubeconfig'].filename, '${path.root}/../../../generated/main/kubeconfig');
    assert.ok(tf.resource.talos_machine_bootstrap.main);
    assert.equal(main.bootstrap.friendlyUniqueId, 'main');
    assert.equal(lab.cluster('main'), main);
    assert.equal(TalosCluster.fromName(lab, 'main'), main);
    assert.throws(() => K3sCluster.fromName(lab, 'main'), /cluster "main" is not a K3s cluster/);
    assert.deepEqual(lab.model.clusters.map((c) => [c.name, c.controlPlanes.length, c.workers.length]), [['main', 1, 1]]);
  });

  it('rejects a cluster without control planes and a node on a missing bridge, naming the construct path', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.throws(() => new TalosCluster(lab, 'empty', { controlPlanes: [] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/empty: controlPlanes');
    assert.throws(() => new TalosCluster(lab, 'main', { controlPlanes: [{ ...node('cp-1', 800, 'pve', '10.10.0.20'), nics: [{ bridge: 'vmbr9', address: '10.10.0.20' }] }] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/main: controlPlanes[0].nics[0].bridge');
  });
});
