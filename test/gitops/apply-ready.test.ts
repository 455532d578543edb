/** Apply-ready details of the reference trees: bootstrap order, CNI values, namespaces, Flux and Argo CD settings. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { escapeSubstitution } from '../../src/gitops/flux-escape';
import { longhornUserVolumes } from '../../src/gitops/longhorn-talos-volumes';
import { bootstrapCommand } from '../../src/gitops/synth-gitops';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import { gitopsOf, objectsOf, writtenTree } from '../support/gitops';
import { profilePath } from '../support/paths';

const find = (profile: string, kind: string, name: string) => objectsOf(profile).find((o) => o.object.kind === kind && o.object.metadata.name === name);

describe('apply-ready GitOps trees', () => {
  it('cni none: the bootstrap installs Cilium first with the tree\'s chart, version and values, then Flux', async () => {
    const g = gitopsOf('single-node-gpu');
    assert.equal(g.cniApp, 'cilium');
    assert.equal(
      bootstrapCommand(g),
      'helm install cilium cilium --repo https://helm.cilium.io --version 1.18.4 -n kube-system -f gitops/home/bootstrap/cilium-values.yaml --wait'
        + ' && flux install --version=v2.9.4 --export > gitops/home/flux/flux-system/gotk-components.yaml && npx homelab synth'
        + ' && git add gitops/home && git commit -m "Add Flux v2.9.4 components" && git push'
        + ' && kubectl apply -f gitops/home/flux/flux-system/gotk-components.yaml'
        + ' && kubectl wait --for=condition=Established crd/gitrepositories.source.toolkit.fluxcd.io crd/kustomizations.kustomize.toolkit.fluxcd.io'
        + ' && kubectl -n flux-system create secret generic sops-age --from-file=age.agekey="$SOPS_AGE_KEY_FILE" && kubectl apply -k gitops/home/flux/flux-system',
    );
    // Once exported (and listed by synth), the bootstrap starts at the cluster.
    assert.match(bootstrapCommand(g, (f) => f === 'gitops/home/flux/flux-system/gotk-components.yaml'), / --wait && kubectl apply -f gitops\/home\/flux\/flux-system\/gotk-components\.yaml && kubectl wait /);
    const dir = await writtenTree('single-node-gpu');
    const values = parse(readFileSync(join(dir, 'gitops/home/bootstrap/cilium-values.yaml'), 'utf8'));
    assert.deepEqual(values, find('single-node-gpu', 'HelmRelease', 'cilium')!.object.spec.values);
  });

  it('cni none on Talos: the documented Cilium values are merged under the user\'s', () => {
    // docs.siderolabs.com kubernetes-guides/cni/deploying-cilium (Talos 1.12, Cilium 1.18)
    const lab = loadLab(profilePath('flux-layered'));
    const profile = parse(readFileSync(profilePath('flux-layered'), 'utf8'));
    profile.clusters.main.apps.cilium.values = { hubble: { enabled: false }, ipam: { operator: { clusterPoolIPv4PodCIDRList: ['172.16.0.0/16'] } } };
    const g = kubeClusters(loadLab(profile)).find((c) => c.gitops)!.gitops!;
    const v = g.apps.find((a) => a.name === 'cilium')!.values as any;
    assert.equal(v.ipam.mode, 'kubernetes');
    assert.deepEqual(v.ipam.operator, { clusterPoolIPv4PodCIDRList: ['172.16.0.0/16'] });
    assert.equal(v.hubble.enabled, false);
    assert.ok(!v.securityContext.capabilities.ciliumAgent.includes('SYS_MODULE'));
    assert.deepEqual(v.cgroup, { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' });
    assert.deepEqual([v.kubeProxyReplacement, v.k8sServiceHost, v.k8sServicePort], [true, 'localhost', 7445]);
    assert.ok(lab.clusters[0]!.gitops!.cniApp);
  });

  it('Argo CD: the bootstrap helm install gets the Application health check, apps skip the dry run of missing CRDs', async () => {
    const g = gitopsOf('triple-nic-mayastor');
    assert.match(bootstrapCommand(g), /^helm install argocd argo-cd --repo https:\/\/argoproj\.github\.io\/argo-helm --version 9\.1\.3 -n argocd --create-namespace -f gitops\/main\/bootstrap\/argocd-values\.yaml --wait && /);
    const dir = await writtenTree('triple-nic-mayastor');
    const values = parse(readFileSync(join(dir, 'gitops/main/bootstrap/argocd-values.yaml'), 'utf8'));
    assert.match(values.configs.cm['resource.customizations.health.argoproj.io_Application'], /obj\.status\.health/);
    const media = find('triple-nic-mayastor', 'Application', 'media')!.object;
    assert.ok(media.spec.syncPolicy.syncOptions.includes('SkipDryRunOnMissingResource=true'));
  });

  it('derives CRD order from the objects we render: InfisicalSecret users after the operator', () => {
    const g = gitopsOf('triple-nic-mayastor');
    const app = (n: string) => g.apps.find((a) => a.name === n)!;
    assert.ok(app('cert-manager').dependsOn.includes('infisical-operator'));
    assert.ok(app('cert-manager').wave > app('infisical-operator').wave);
    const intel = gitopsOf('flux-layered').apps.find((a) => a.name === 'intel-device-plugins')!;
    assert.ok(intel.dependsOn.includes('cert-manager'));
  });

  it('namespaces belong to their layer, with the Pod Security level their apps need', () => {
    const objs = objectsOf('flux-layered');
    const ns = objs.filter((o) => o.object.kind === 'Namespace');
    assert.ok(ns.every((o) => /^clusters\/main\/kubernetes\/[a-z-]+$/.test(o.folder)), 'no namespace in an app folder');
    const label = (name: string) => ns.find((o) => o.object.metadata.name === name)?.object.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    assert.deepEqual(['metallb-system', 'monitoring', 'longhorn-system', 'openebs', 'cert-manager', 'plex'].map(label), ['privileged', 'privileged', 'privileged', 'privileged', undefined, undefined]);
    const argo = objectsOf('triple-nic-mayastor');
    const nsApp = argo.find((o) => o.object.kind === 'Application' && o.object.metadata.name === 'namespaces-platform')!.object;
    assert.equal(nsApp.spec.source.path, 'gitops/main/platform/namespaces');
    assert.ok(Number(nsApp.metadata.annotations['argocd.argoproj.io/sync-wave']) < Math.min(...gitopsOf('triple-nic-mayastor').apps.map((a) => a.wave)));
    assert.equal(argo.find((o) => o.object.kind === 'Namespace' && o.object.metadata.name === 'mayastor')!.object.metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
  });

  it('Flux: every Kustomization retries after 2m, the root does not wait for the layers, every path exists', async () => {
    const ks = objectsOf('flux-layered').filter((o) => o.object.kind === 'Kustomization');
    for (const k of ks) assert.equal(k.object.spec.retryInterval, '2m', k.object.metadata.name);
    const root = find('flux-layered', 'Kustomization', 'flux-system')!;
    assert.deepEqual([root.folder, root.object.spec.path, root.object.spec.prune, root.object.spec.wait], ['clusters/main/kubernetes/flux/flux-system', 'clusters/main/kubernetes/flux', true, false]);
    assert.equal(find('flux-layered', 'Kustomization', 'layer-apps')!.object.spec.wait, true);
    const dir = await writtenTree('flux-layered');
    for (const k of ks) assert.ok(existsSync(join(dir, k.object.spec.path, 'kustomization.yaml')), k.object.spec.path);
    assert.deepEqual(parse(readFileSync(join(dir, 'clusters/main/kubernetes/flux-system/cluster-secrets/app/kustomization.yaml'), 'utf8')).resources, []);
  });

  it('writes .sops.yaml at the repository root, with rules for the tree\'s folder', async () => {
    const dir = await writtenTree('single-node-gpu');
    assert.equal(existsSync(join(dir, 'gitops/home/.sops.yaml')), false);
    const rules = parse(readFileSync(join(dir, '.sops.yaml'), 'utf8')).creation_rules;
    assert.equal(rules[1].path_regex, '(^|/)gitops/home/.*\\.sops\\.ya?ml$');
    assert.ok(new RegExp(rules[0].path_regex).test('gitops/home/flux-system/cluster-secrets/app/secret-cluster-secrets.sops.yaml'));
  });

  it('escapes ${...} in values that is not one of our variables (Flux post-build substitution)', () => {
    const values = { config: 'echo ${HOSTNAME} on $${KEPT}', host: '${BASE_DOMAIN}', ip: '${S3KEY}', n: 3 };
    assert.deepEqual(escapeSubstitution(values, { variables: { BASE_DOMAIN: 'x' }, secrets: undefined }), { config: 'echo $${HOSTNAME} on $${KEPT}', host: '${BASE_DOMAIN}', ip: '$${S3KEY}', n: 3 });
    assert.equal(escapeSubstitution(values, { variables: {}, secrets: { provider: 'sops', ageRecipients: [] } }).ip, '${S3KEY}');
  });

  it('lists every Secret nothing creates with the exact command, before the bootstrap', () => {
    const k3s = gitopsOf('k3s-three-node').bootstrapSecrets;
    assert.deepEqual(k3s.map((s) => [s.namespace, s.name, s.declared]), [['cert-manager', 'cloudflare-api-token', false]]);
    assert.equal(k3s[0]!.command, 'kubectl create namespace cert-manager --dry-run=client -o yaml | kubectl apply -f - && kubectl -n cert-manager create secret generic cloudflare-api-token --from-literal=api-token="$CLOUDFLARE_API_TOKEN"');
    const flux = gitopsOf('flux-layered').bootstrapSecrets;
    const sonarr = flux.find((s) => s.name === 'sonarr-volsync')!;
    assert.equal(sonarr.command, 'kubectl -n sonarr create secret generic sonarr-volsync --from-literal=RESTIC_REPOSITORY="$RESTIC_REPOSITORY" --from-literal=RESTIC_PASSWORD="$RESTIC_PASSWORD" --from-literal=AWS_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" --from-literal=AWS_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" --dry-run=client -o yaml > clusters/main/kubernetes/apps/sonarr/app/secret-sonarr-volsync.sops.yaml && sops --encrypt --in-place clusters/main/kubernetes/apps/sonarr/app/secret-sonarr-volsync.sops.yaml');
    const argo = gitopsOf('triple-nic-mayastor').bootstrapSecrets;
    assert.deepEqual(argo.map((s) => [s.namespace, s.name, s.declared]), [['infisical-operator-system', 'universal-auth-credentials', true]]);
  });
});

describe('Longhorn on Talos', () => {
  it('uses defaultBackupStore.backupTarget, counts schedulable nodes, and puts data on the purpose-longhorn disks', () => {
    // longhorn/charts chart/values.yaml (>= v1.8.0): defaultBackupStore.backupTarget; defaultSettings.backupTarget is ignored
    const single = gitopsOf('single-node-gpu').apps.find((a) => a.name === 'longhorn')!.values as any;
    assert.equal(single.defaultBackupStore.backupTarget, 'nfs://10.10.2.5:/volume1/longhorn-backup');
    assert.equal(single.defaultSettings.backupTarget, undefined);
    const layered = gitopsOf('flux-layered').apps.find((a) => a.name === 'longhorn')!.values as any;
    // three tainted control planes and two workers: two replicas, not three
    assert.equal(layered.defaultSettings.defaultReplicaCount, 2);
    assert.equal(layered.defaultSettings.defaultDataPath, '/var/mnt/longhorn');
    const worker = loadLab(profilePath('flux-layered')).clusters[0]!.workers[0]!;
    assert.deepEqual(longhornUserVolumes(worker.vm), [
      { apiVersion: 'v1alpha1', kind: 'UserVolumeConfig', name: 'longhorn', provisioning: { diskSelector: { match: "disk.serial == 'longhorn1'" }, minSize: '499GiB', grow: true } },
    ]);
  });
});
