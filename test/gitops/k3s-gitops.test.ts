import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitopsOf, objectsOf } from '../support/gitops';

describe('GitOps of a K3s cluster (k3s-three-node)', () => {
  it('deploys with Flux, MetalLB 10.20.11.200-220 and the NFS storage class of the NAS', () => {
    const objects = objectsOf('k3s-three-node').map((o) => o.object);
    assert.deepEqual(objects.find((o) => o.kind === 'IPAddressPool')!.spec.addresses, ['10.20.11.200-10.20.11.220']);
    const nfs = objects.find((o) => o.kind === 'StorageClass' && o.metadata.name === 'nfs')!;
    assert.deepEqual(nfs.parameters, { server: '10.20.10.20', share: '/var/nfs/shared/kubernetes' });
    assert.equal(nfs.metadata.annotations['storageclass.kubernetes.io/is-default-class'], 'true');
    assert.equal(gitopsOf('k3s-three-node').engine, 'flux');
  });

  it('runs the ai apps on the GPU agent through the device plugin, time-sliced', () => {
    const g = gitopsOf('k3s-three-node');
    const plugin = g.apps.find((a) => a.name === 'nvidia-device-plugin')!;
    assert.match((plugin.values as any).config.map.default, /replicas: 4/);
    for (const name of ['ollama', 'stable-diffusion-webui', 'jupyterlab']) {
      const app = g.apps.find((a) => a.name === name)!;
      assert.deepEqual(app.gpu, { count: 1, target: { vendor: 'nvidia', resource: 'nvidia.com/gpu', nodeSelector: { 'nvidia.com/gpu.present': 'true' }, runtimeClass: 'nvidia' } });
      assert.ok(app.dependsOn.includes('nvidia-device-plugin'), `${name} waits for the device plugin`);
    }
    assert.deepEqual(g.layers, ['platform', 'infrastructure', 'monitoring', 'applications', 'ai']);
  });
});
