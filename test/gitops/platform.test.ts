import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { splitReservedPools } from '../../src/gitops/reserved-pools';
import { ipToInt } from '../../src/model/net';
import { chartServiceValues, defaultSelector } from '../../src/model/resolve-gitops-derive';
import { objectsOf } from '../support/gitops';
import { synthStack } from '../support/synth';

describe('platform objects derived from the model', () => {
  it('reserves addresses with the MetalLB annotation alone, in a pool that does not auto-assign (flux-layered)', () => {
    // metallb/metallb controller/service.go (v0.14.9, v0.15.2) refuses the annotation together with spec.loadBalancerIP.
    const objs = objectsOf('flux-layered').map((o) => o.object);
    const services = objs.filter((o) => o.kind === 'Service' && o.spec.type === 'LoadBalancer');
    assert.ok(services.length >= 18);
    for (const s of services) assert.equal(s.spec.loadBalancerIP, undefined, s.metadata.name);
    const pools = objs.filter((o) => o.kind === 'IPAddressPool');
    assert.deepEqual(pools.map((p) => [p.metadata.name, p.spec.addresses, p.spec.autoAssign]), [
      ['main', ['192.168.10.217-192.168.10.254'], true],
      ['main-reserved', ['192.168.10.193-192.168.10.216'], false],
    ]);
    const [start, end] = pools[1].spec.addresses[0].split('-').map(ipToInt);
    const seen = new Set<string>();
    for (const s of services) {
      const ip = s.metadata.annotations['metallb.io/loadBalancerIPs'];
      assert.ok(ipToInt(ip) >= start! && ipToInt(ip) <= end!, `${ip} in the reserved pool`);
      assert.ok(!seen.has(ip), `${ip} used once`);
      seen.add(ip);
    }
    assert.equal(services.find((s) => s.metadata.name === 'blocky-lb')!.metadata.annotations['metallb.io/loadBalancerIPs'], '192.168.10.195');
    assert.deepEqual(objs.find((o) => o.kind === 'L2Advertisement').spec.ipAddressPools, ['main', 'main-reserved']);
  });

  it('annotates the chart\'s own LoadBalancer Service through values instead of adding a second one (Traefik, ingress-nginx)', () => {
    const objs = objectsOf('flux-layered').map((o) => o.object);
    const release = (name: string) => objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === name)!;
    assert.deepEqual(release('traefik').spec.values.service, {
      annotations: { 'metallb.io/loadBalancerIPs': '192.168.10.196' },
      labels: { 'homelab-cdk.dev/reserved-address': 'true' },
    });
    assert.equal(release('nginx-internal').spec.values.controller.service.annotations['metallb.io/loadBalancerIPs'], '192.168.10.193');
    assert.equal(release('nginx-internal').spec.values.controller.ingressClass, 'internal');
    for (const name of ['traefik-lb', 'nginx-internal-lb', 'nginx-external-lb']) assert.equal(objs.find((o) => o.metadata.name === name), undefined);
  });

  it('selects Traefik\'s real pod labels when the chart Service is not a LoadBalancer', () => {
    // traefik/traefik-helm-chart traefik/templates/_helpers.tpl (v41.3.0): instance = <release>-<namespace>
    assert.deepEqual(defaultSelector('traefik', 'traefik', 'traefik'), { 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': 'traefik-traefik' });
    assert.deepEqual(defaultSelector('plex', 'plex', 'app-template'), { 'app.kubernetes.io/instance': 'plex' });
    assert.equal(chartServiceValues('traefik', { service: { type: 'ClusterIP' } }, '10.0.0.5', 'metallb'), undefined);
  });

  it('uses the Cilium annotation and a selector pool for single-node-gpu', () => {
    const objs = objectsOf('single-node-gpu').map((o) => o.object);
    const forgejo = objs.find((o) => o.kind === 'Service' && o.metadata.name === 'forgejo-lb')!;
    assert.equal(forgejo.metadata.annotations['lbipam.cilium.io/ips'], '10.10.2.13');
    assert.equal(forgejo.spec.loadBalancerIP, undefined);
    assert.equal(forgejo.metadata.labels['homelab-cdk.dev/reserved-address'], 'true');
    assert.deepEqual(forgejo.spec.ports.map((p: any) => [p.port, p.targetPort]), [[3000, 3000], [22, 2222]]);
    const pools = objs.filter((o) => o.kind === 'CiliumLoadBalancerIPPool');
    assert.deepEqual(pools.find((p) => p.metadata.name === 'default')!.spec.blocks, [{ start: '10.10.2.240', stop: '10.10.2.254' }]);
    assert.deepEqual(pools.find((p) => p.metadata.name === 'reserved')!.spec.serviceSelector, { matchLabels: { 'homelab-cdk.dev/reserved-address': 'true' } });
  });

  it('moves reserved addresses out of an auto-assigning pool, as ranges that do not overlap', () => {
    const pools = splitReservedPools([{ name: 'lb', addresses: ['10.0.0.10-10.0.0.20', '10.0.1.0/30'], reservedOnly: false }], ['10.0.0.10', '10.0.0.15', '10.0.0.16', '10.0.1.1', '10.9.9.9']);
    assert.deepEqual(pools, [
      { name: 'lb', addresses: ['10.0.0.11-10.0.0.14', '10.0.0.17-10.0.0.20', '10.0.1.0/32', '10.0.1.2-10.0.1.3'], reservedOnly: false },
      { name: 'lb-reserved', addresses: ['10.0.0.10/32', '10.0.0.15-10.0.0.16', '10.0.1.1/32'], reservedOnly: true },
    ]);
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
    assert.equal(mayastor.object.spec.source.helm.valuesObject.io_engine.target.nvmf.iface, '10.50.0.0/24');
  });

  it('gives GPU clusters the device plugin and RuntimeClass, and GPU apps the runtime, limit and node selector', () => {
    const objs = objectsOf('single-node-gpu').map((o) => o.object);
    assert.deepEqual(objs.find((o) => o.kind === 'RuntimeClass'), { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'nvidia' }, handler: 'nvidia' });
    const ollama = objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'ollama')!;
    const [merge, leaf] = ollama.spec.postRenderers[0].kustomize.patches.slice(0, 2);
    assert.deepEqual(JSON.parse(merge.patch).spec.template.spec, { runtimeClassName: 'nvidia', nodeSelector: { 'nvidia.com/gpu.present': 'true' } });
    assert.deepEqual(JSON.parse(leaf.patch), [{ op: 'add', path: '/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu', value: 1 }]);
    const ks = objectsOf('single-node-gpu').find((o) => o.object.kind === 'Kustomization' && o.object.metadata.name === 'ollama')!;
    assert.deepEqual(ks.object.spec.dependsOn, [{ name: 'nvidia-device-plugin' }]);
  });

  it('issues certificates with Let\'s Encrypt DNS-01 through Cloudflare', () => {
    const issuer = objectsOf('triple-nic-mayastor').find((o) => o.object.kind === 'ClusterIssuer')!.object;
    assert.deepEqual(issuer.spec.acme.solvers[0], { selector: { dnsZones: ['kernow.io'] }, dns01: { cloudflare: { apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' } } } });
  });
});
