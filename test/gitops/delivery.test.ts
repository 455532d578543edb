import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { gitopsFolders } from '../../src/gitops/synth-gitops';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import { gitopsOf, objectsOf } from '../support/gitops';
import { profilePath } from '../support/paths';

const find = (profile: string, kind: string, name: string) => objectsOf(profile).find((o) => o.object.kind === kind && o.object.metadata.name === name);

describe('Flux delivery (flux-layered)', () => {
  it('chains the six layers in order with dependsOn', () => {
    const layers = ['flux-system', 'kube-system', 'system', 'core', 'networking', 'apps'];
    layers.forEach((layer, i) => {
      const ks = find('flux-layered', 'Kustomization', `layer-${layer}`)!;
      assert.equal(ks.object.spec.path, `clusters/main/kubernetes/${layer}`);
      assert.deepEqual(ks.object.spec.dependsOn, i === 0 ? undefined : [{ name: `layer-${layers[i - 1]}` }]);
      assert.equal(ks.folder, 'clusters/main/kubernetes/flux/cluster');
    });
  });

  it('writes one ks.yaml per app: path without ./, interval 10m, prune, GitRepository flux-system, variables and SOPS', () => {
    const ks = find('flux-layered', 'Kustomization', 'plex')!;
    assert.equal(ks.folder, 'clusters/main/kubernetes/apps/plex');
    assert.deepEqual(
      [ks.object.metadata.namespace, ks.object.spec.path, ks.object.spec.interval, ks.object.spec.prune, ks.object.spec.sourceRef],
      ['flux-system', 'clusters/main/kubernetes/apps/plex/app', '10m', true, { kind: 'GitRepository', name: 'flux-system' }],
    );
    assert.deepEqual(ks.object.spec.postBuild.substituteFrom[0], { kind: 'ConfigMap', name: 'cluster-config' });
    assert.deepEqual(ks.object.spec.decryption, { provider: 'sops', secretRef: { name: 'sops-age' } });
    const git = find('flux-layered', 'GitRepository', 'flux-system')!;
    assert.deepEqual([git.folder, git.object.metadata.namespace, git.object.spec.interval], ['clusters/main/kubernetes/flux/flux-system', 'flux-system', '30m']);
  });

  it('gives every HelmRelease install and upgrade remediation with 3 retries', () => {
    const releases = objectsOf('flux-layered').filter((o) => o.object.kind === 'HelmRelease');
    assert.ok(releases.length >= 20);
    for (const r of releases) {
      assert.equal(r.object.spec.install.remediation.retries, 3);
      assert.equal(r.object.spec.upgrade.remediation.retries, 3);
    }
  });

  it('derives <APP>_IP variables into the cluster-config ConfigMap', () => {
    const cm = find('flux-layered', 'ConfigMap', 'cluster-config')!;
    assert.equal(cm.object.data.PLEX_IP, '192.168.10.197');
    assert.equal(cm.object.data.BASE_DOMAIN, 'example.lan');
  });

  it('makes the apps that use CRDs wait for the CRD providers of their layer (cert-manager before cluster-issuers)', () => {
    const issuers = find('flux-layered', 'Kustomization', 'cluster-issuers')!;
    // derived config apps name exactly the chart they need (not every provider of their layer)
    assert.deepEqual(issuers.object.spec.dependsOn, [{ name: 'cert-manager' }]);
    const pools = find('flux-layered', 'Kustomization', 'metallb-pools')!;
    assert.deepEqual(pools.object.spec.dependsOn, [{ name: 'metallb' }]);
    // traefik's own Service waits for its reserved address, so traefik waits for the pools (not the other way)
    assert.deepEqual(find('flux-layered', 'Kustomization', 'traefik')!.object.spec.dependsOn, [{ name: 'metallb-pools' }]);
    assert.ok(find('flux-layered', 'Kustomization', 'kyverno')!.object.spec.dependsOn.some((d: any) => d.name === 'traefik'));
  });

  it('backs volumes up with VolSync where the app allows restore, and skips restore for root apps', () => {
    assert.ok(find('flux-layered', 'ReplicationSource', 'plex'));
    assert.equal(find('flux-layered', 'ReplicationDestination', 'plex-restore'), undefined);
    assert.ok(find('flux-layered', 'ReplicationDestination', 'sonarr-restore'));
    const pvc = find('flux-layered', 'PersistentVolumeClaim', 'sonarr-data')!;
    assert.deepEqual(pvc.object.spec.dataSourceRef, { kind: 'ReplicationDestination', apiGroup: 'volsync.backube', name: 'sonarr-restore' });
    // Longhorn claims snapshot: the snapshot-controller chart brings the CRDs and the VolumeSnapshotClass
    assert.deepEqual(find('flux-layered', 'ReplicationSource', 'sonarr')!.object.spec.restic.volumeSnapshotClassName, 'longhorn-snapshot');
    assert.deepEqual(find('flux-layered', 'HelmRelease', 'snapshot-controller')!.object.spec.values.controller.volumeSnapshotClasses, [
      { name: 'longhorn-snapshot', driver: 'driver.longhorn.io', deletionPolicy: 'Delete', parameters: { type: 'snap' } },
    ]);
    assert.ok(find('flux-layered', 'Kustomization', 'sonarr')!.object.spec.dependsOn.some((d: any) => d.name === 'snapshot-controller'));
  });

  it('backs up with copyMethod Direct and restores nothing through the populator where storage has no snapshots', () => {
    const profile = parse(readFileSync(profilePath('k3s-three-node'), 'utf8'));
    profile.clusters.k3s.apps.n8n.persistence = { size: '5Gi', backup: {} };
    const g = kubeClusters(loadLab(profile)).find((c) => c.gitops)!.gitops!;
    const n8n = g.apps.find((a) => a.name === 'n8n')!;
    assert.deepEqual(n8n.persistence!.backup, { schedule: '0 3 * * *', restore: false, copyMethod: 'Direct' });
    assert.equal(g.apps.some((a) => a.name === 'snapshot-controller'), false);
    const objs = gitopsFolders(g).flatMap((f) => f.objects);
    assert.equal(objs.find((o) => o.kind === 'ReplicationSource')!.spec.restic.copyMethod, 'Direct');
    assert.equal(objs.some((o) => o.kind === 'ReplicationDestination'), false);
    assert.equal(objs.find((o) => o.kind === 'PersistentVolumeClaim')!.spec.dataSourceRef, undefined);
  });
});

describe('Argo CD delivery (triple-nic-mayastor)', () => {
  it('syncs CRD providers first, platform before applications', () => {
    const g = gitopsOf('triple-nic-mayastor');
    const wave = (name: string) => g.apps.find((a) => a.name === name)!.wave;
    assert.ok(wave('cert-manager') < wave('cluster-issuers'));
    assert.ok(wave('mayastor') < wave('mayastor-pools'));
    const platform = g.apps.filter((a) => a.layer === 'platform').map((a) => a.wave);
    const apps = g.apps.filter((a) => a.layer === 'applications').map((a) => a.wave);
    assert.ok(Math.max(...platform) < Math.min(...apps));
    const media = objectsOf('triple-nic-mayastor').find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'media')!;
    assert.equal(media.object.metadata.annotations['argocd.argoproj.io/sync-wave'], String(wave('media')));
    assert.deepEqual(media.object.spec.syncPolicy.automated, { prune: true, selfHeal: true });
    assert.equal(media.object.spec.project, 'applications');
  });

  it('has an app-of-apps root, an AppProject per layer and the Application health check in Argo CD values', () => {
    const objects = objectsOf('triple-nic-mayastor');
    const root = objects.find((o) => o.object.metadata.name === 'main-root')!;
    assert.equal(root.object.spec.source.path, 'gitops/main/argocd/apps');
    assert.deepEqual(objects.filter((o) => o.object.kind === 'AppProject').map((o) => o.object.metadata.name).sort(), ['applications', 'platform']);
    const argocd = objects.find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'argocd')!;
    assert.match(argocd.object.spec.source.helm.valuesObject.configs.cm['resource.customizations.health.argoproj.io_Application'], /obj\.status\.health/);
  });

  it('syncs every secret from Infisical with the fact sheet settings', () => {
    const s = objectsOf('triple-nic-mayastor').find((o) => o.object.kind === 'InfisicalSecret' && o.object.metadata.name === 'cloudflared-token')!;
    assert.deepEqual(s.object.spec.authentication.universalAuth, {
      credentialsRef: { secretName: 'universal-auth-credentials', secretNamespace: 'infisical-operator-system' },
      secretsScope: { projectSlug: 'prod-homelab-y-nij', envSlug: 'prod', secretsPath: '/cloudflared' },
    });
    assert.deepEqual(s.object.spec.managedSecretReference, { secretName: 'cloudflared-token', secretNamespace: 'cloudflared', secretType: 'Opaque', creationPolicy: 'Owner' });
  });
});
