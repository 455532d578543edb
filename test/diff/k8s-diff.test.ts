import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diff, render } from '../../src/diff/diff';
import { diffCluster } from '../../src/diff/k8s-diff';
import { readTree, type K8sEntry } from '../../src/diff/k8s-objects';
import { synth } from '../../src/synth/synth';
import { profilePath } from '../support/paths';
import { diffFixture, diffFixtures } from './support';

const PVC = 'v1/PersistentVolumeClaim';
const flagsOf = (c: { flags: readonly { kind: string; severity: string; address: string }[] }) => c.flags.map((f) => [f.kind, f.severity, f.address]);

describe('homelab diff (Kubernetes objects)', () => {
  it('finds nothing when a GitOps profile did not change (exit 0)', async () => {
    const r = await diffFixtures('gitops-base', 'gitops-base');
    assert.equal(r.changed, false);
    assert.deepEqual(r.clusters.map((c) => [c.name, c.objects.length, c.flags.length]), [['lab', 0, 0]]);
    assert.match(render(r, 'text').at(-1)!, /^No changes:/);
  });

  it('shows the objects of a removed app as deleted, its claim as DATA LOSS and its address as released', async () => {
    const r = await diffFixtures('gitops-base', 'gitops-remove-app');
    assert.equal(r.changed, true);
    const c = r.clusters[0]!;
    assert.deepEqual(c.objects.map((o) => [o.key, o.action]), [
      ['helm.toolkit.fluxcd.io/v2/HelmRelease/sonarr/sonarr', 'delete'],
      ['kustomize.toolkit.fluxcd.io/v1/Kustomization/flux-system/sonarr', 'delete'],
      // the released address goes back from the reserved pool to the auto-assigning one
      ['metallb.io/v1beta1/IPAddressPool/metallb-system/main', 'update'],
      ['metallb.io/v1beta1/IPAddressPool/metallb-system/main-reserved', 'update'],
      ['source.toolkit.fluxcd.io/v1/OCIRepository/sonarr/sonarr', 'delete'],
      ['v1/Namespace/sonarr', 'delete'],
      [`${PVC}/sonarr/sonarr-data`, 'delete'],
      ['v1/Service/sonarr/sonarr-lb', 'delete'],
    ]);
    assert.equal(c.objects.find((o) => o.key === `${PVC}/sonarr/sonarr-data`)!.file, 'gitops/lab/apps/sonarr/app/persistentvolumeclaim.yaml');
    assert.deepEqual(flagsOf(c), [
      ['data-loss', 'high', 'v1/Namespace/sonarr'],
      ['data-loss', 'high', `${PVC}/sonarr/sonarr-data`],
      ['address', 'high', 'v1/Service/sonarr/sonarr-lb'],
    ]);
    assert.deepEqual(c.summary, { added: 0, changed: 2, removed: 6 });
    const text = render(r, 'text');
    assert.equal(text[0], 'cluster lab (Kubernetes): 0 to add, 2 to change, 6 to remove');
    assert.ok(text.includes(`! DATA LOSS ${PVC}/sonarr/sonarr-data: claim sonarr-data is deleted: pruning removes it and, with reclaim policy Delete, its volume and data`));
    const md = render(r, 'markdown').join('\n');
    assert.match(md, /\| cluster lab \(Kubernetes\) \| 0 \| 2 \| 0 \| 6 \|/);
    assert.match(md, /<details><summary><b>cluster lab \(Kubernetes\)<\/b>: 8 object\(s\) changed, 3 warning\(s\)<\/summary>/);
    assert.match(md, /- \*\*DATA LOSS\*\* `v1\/PersistentVolumeClaim\/sonarr\/sonarr-data`/);
    const json = JSON.parse(render(r, 'json').join('\n'));
    assert.deepEqual(json.clusters[0].summary, { added: 0, changed: 2, removed: 6 });
  });

  it('flags a moved LoadBalancer address (ADDRESS), reserved by the annotation alone', async () => {
    const c = (await diffFixtures('gitops-base', 'gitops-lb-address')).clusters[0]!;
    assert.deepEqual(c.objects.map((o) => [o.key, o.action, o.changes.map((x) => x.path)]), [
      ['metallb.io/v1beta1/IPAddressPool/metallb-system/main', 'update', ['spec.addresses[1]', 'spec.addresses[2]']],
      ['metallb.io/v1beta1/IPAddressPool/metallb-system/main-reserved', 'update', ['spec.addresses[0]', 'spec.addresses[1]']],
      ['v1/Service/radarr/radarr-lb', 'update', ['metadata.annotations.metallb.io/loadBalancerIPs']],
    ]);
    assert.deepEqual(c.flags.map((f) => [f.kind, f.severity, f.paths]), [['address', 'high', ['metadata.annotations["metallb.io/loadBalancerIPs"]']]]);
    assert.match(c.flags[0]!.message, /"192\.168\.1\.202" -> "192\.168\.1\.212"/);
  });

  it('flags a deleted persistence claim as DATA LOSS', async () => {
    const c = (await diffFixtures('gitops-base', 'gitops-drop-claim')).clusters[0]!;
    assert.deepEqual(c.objects.map((o) => [o.key, o.action]), [[`${PVC}/radarr/radarr-data`, 'delete']]);
    assert.deepEqual(flagsOf(c), [['data-loss', 'high', `${PVC}/radarr/radarr-data`]]);
  });

  it('notes chart version changes (info), for Helm repositories and OCI charts', async () => {
    const c = (await diffFixtures('gitops-base', 'gitops-chart-version')).clusters[0]!;
    assert.deepEqual(c.flags.map((f) => [f.kind, f.severity, f.paths, f.message]), [
      ['chart', 'info', ['spec.chart.spec.version'], 'chart radarr 1.2.0 -> 1.3.0: read its upgrade notes'],
      ['chart', 'info', ['spec.ref.tag'], 'chart app-template 4.4.0 -> 4.5.0: read its upgrade notes'],
    ]);
  });

  it('flags a removed CRD provider (git ref base: both sides rendered from their labs)', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'homelab-diff-k8s-'));
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    copyFileSync(diffFixture('gitops-base'), join(repo, 'lab.yaml'));
    git('add', 'lab.yaml');
    assert.equal(git('commit', '-q', '-m', 'base').status, 0);
    const profile = join(repo, 'lab.yaml');
    assert.equal((await diff({ profile, base: 'HEAD', projectDir: repo })).changed, false);
    copyFileSync(diffFixture('gitops-no-cert-manager'), profile);
    const c = (await diff({ profile, base: 'HEAD', projectDir: repo })).clusters[0]!;
    const crd = c.flags.filter((f) => f.kind === 'crd-provider');
    assert.deepEqual(crd.map((f) => [f.severity, f.address]), [['high', 'helm.toolkit.fluxcd.io/v2/HelmRelease/cert-manager/cert-manager']]);
    assert.ok(c.objects.some((o) => o.key === 'cert-manager.io/v1/ClusterIssuer/letsencrypt' && o.action === 'delete'));
  });

  it('masks Secret data and stringData', () => {
    const secret = (data: Record<string, string>): K8sEntry => ({
      key: 'v1/Secret/media/token',
      file: 'gitops/lab/apps/media/app/secret.yaml',
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'media', labels: { a: data.label ?? 'x' } }, data: { token: data.token! }, stringData: { extra: data.extra! } },
    });
    const side = (e: K8sEntry) => ({ objects: new Map([[e.key, e]]), crdProviders: new Set<string>() });
    const c = diffCluster('lab', side(secret({ token: 'b2xk', extra: 'old-secret' })), side(secret({ token: 'bmV3', extra: 'new-secret', label: 'y' })));
    assert.deepEqual(c.objects[0]!.changes, [
      { path: 'data.token', before: '(sensitive)', after: '(sensitive)', sensitive: true },
      { path: 'metadata.labels.a', before: 'x', after: 'y' },
      { path: 'stringData.extra', before: '(sensitive)', after: '(sensitive)', sensitive: true },
    ]);
  });
  it("flags a moved address in a chart's values (the chart's own Service carries the annotation)", () => {
    const release = (ip: string): K8sEntry => ({
      key: 'helm.toolkit.fluxcd.io/v2/HelmRelease/ingress/ingress-nginx',
      file: 'gitops/lab/apps/ingress-nginx/app/helmrelease.yaml',
      body: {
        apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'ingress-nginx', namespace: 'ingress' },
        spec: { values: { controller: { service: { annotations: { 'metallb.io/loadBalancerIPs': ip } } } } },
      },
    });
    const side = (e: K8sEntry) => ({ objects: new Map([[e.key, e]]), crdProviders: new Set<string>() });
    const c = diffCluster('lab', side(release('10.0.0.80')), side(release('10.0.0.81')));
    assert.deepEqual(c.flags.map((f) => [f.kind, f.severity, f.address, f.paths]), [[
      'address', 'high', 'helm.toolkit.fluxcd.io/v2/HelmRelease/ingress/ingress-nginx',
      ['spec.values.controller.service.annotations["metallb.io/loadBalancerIPs"]'],
    ]]);
    assert.equal(c.flags[0]!.message, `LoadBalancer address of the chart's Service "10.0.0.80" -> "10.0.0.81": clients and DNS records pointing at the old address break`);
    assert.equal(diffCluster('lab', side(release('10.0.0.80')), side(release('10.0.0.80'))).flags.length, 0);
  });
  it('reads back only the files synth wrote: a manifest of the user kept in the tree is not one of its objects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-readtree-'));
    await synth({ profile: profilePath('triple-nic-mayastor'), projectDir: dir, inventory: false });
    const before = readTree(dir, 'gitops/main')!;
    writeFileSync(join(dir, 'gitops', 'main', 'mine.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n  namespace: default\n');
    const after = readTree(dir, 'gitops/main')!;
    assert.ok(before.size > 10);
    assert.deepEqual([...after.keys()], [...before.keys()]);
  });
});
