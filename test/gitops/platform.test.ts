import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { cidrContains, ipToInt } from '../../src/model/net';
import { objectsOf } from '../support/gitops';
import { synthStack } from '../support/synth';

describe('platform objects derived from the model', () => {
  it('sets every reserved LoadBalancer address both ways, inside a pool, once (flux-layered)', () => {
    const services = objectsOf('flux-layered').map((o) => o.object).filter((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer');
    assert.ok(services.length >= 20);
    const pool = objectsOf('flux-layered').find((o) => o.object.kind === 'IPAddressPool')!.object.spec.addresses[0] as string;
    const [start, end] = pool.split('-').map(ipToInt);
    const seen = new Set<string>();
    for (const s of services) {
      const ip = s.spec.loadBalancerIP;
      assert.equal(s.metadata.annotations['metallb.io/loadBalancerIPs'], ip);
      assert.ok(ipToInt(ip) >= start! && ipToInt(ip) <= end!, `${ip} in ${pool}`);
      assert.ok(!seen.has(ip), `${ip} used once`);
      seen.add(ip);
    }
    const blocky = services.find((s) => s.metadata.name === 'blocky-lb')!;
    assert.equal(blocky.spec.loadBalancerIP, '192.168.10.195');
  });

  it('uses the Cilium annotation and pools for single-node-gpu', () => {
    const objs = objectsOf('single-node-gpu').map((o) => o.object);
    const forgejo = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'forgejo-lb')!;
    assert.equal(forgejo.metadata.annotations['lbipam.cilium.io/ips'], '10.10.2.13');
    assert.deepEqual(forgejo.spec.ports.map((p: any) => [p.port, p.targetPort]), [[3000, 3000], [22, 2222]]);
    const pools = objs.filter((o) => o.kind === 'CiliumLoadBalancerIPPool');
    assert.deepEqual(pools.find((p) => p.metadata.name === 'default')!.spec.blocks, [{ start: '10.10.2.240', stop: '10.10.2.254' }]);
    assert.ok(cidrContains('10.10.2.0/24', forgejo.spec.loadBalancerIP));
  });

  it('adds the Longhorn extensions to the Talos image when Longhorn is used', async () => {
    const tf = await synthStack('flux-layered');
    const schematic = parse(tf.resource.talos_image_factory_schematic['main-standard'].schematic);
    assert.deepEqual(schematic.customization.systemExtensions.officialExtensions, ['siderolabs/iscsi-tools', 'siderolabs/qemu-guest-agent', 'siderolabs/util-linux-tools']);
  });

  it('creates one Mayastor DiskPool per worker on the device of its Terraform disk', async () => {
    const tf = await synthStack('triple-nic-mayastor');
    const pools = objectsOf('triple-nic-mayastor').map((o) => o.object).filter((o) => o.kind === 'DiskPool');
    assert.deepEqual(pools.map((p) => p.spec.node), ['talos-worker-1', 'talos-worker-2', 'talos-worker-3']);
    for (const p of pools) {
      const disk = tf.resource.proxmox_virtual_environment_vm[p.spec.node].disk.find((d: any) => d.serial === 'mayastor1');
      assert.deepEqual([disk.interface, p.spec.disks], ['virtio1', ['/dev/disk/by-id/virtio-mayastor1']]);
    }
    const mayastor = objectsOf('triple-nic-mayastor').find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'mayastor')!;
    assert.equal(mayastor.object.spec.sources[0].helm.valuesObject.io_engine.target.nvmf.iface, '10.50.0.0/24');
  });

  it('gives GPU clusters the device plugin and RuntimeClass, and GPU apps the runtime, limit and node selector', () => {
    const objs = objectsOf('single-node-gpu').map((o) => o.object);
    assert.deepEqual(objs.find((o) => o.kind === 'RuntimeClass'), { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'nvidia' }, handler: 'nvidia' });
    const ollama = objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'ollama')!;
    const ops = JSON.parse(ollama.spec.postRenderers[0].kustomize.patches[0].patch);
    assert.deepEqual(ops.map((o: any) => o.value), ['nvidia', { 'nvidia.com/gpu.present': 'true' }, { limits: { 'nvidia.com/gpu': 1 } }]);
    const ks = objectsOf('single-node-gpu').find((o) => o.object.kind === 'Kustomization' && o.object.metadata.name === 'ollama')!;
    assert.deepEqual(ks.object.spec.dependsOn, [{ name: 'nvidia-device-plugin' }]);
  });

  it('issues certificates with Let\'s Encrypt DNS-01 through Cloudflare', () => {
    const issuer = objectsOf('triple-nic-mayastor').find((o) => o.object.kind === 'ClusterIssuer')!.object;
    assert.deepEqual(issuer.spec.acme.solvers[0], { selector: { dnsZones: ['kernow.io'] }, dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } } });
  });
});
