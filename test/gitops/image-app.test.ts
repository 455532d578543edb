/** apps.<name>.image: a Deployment and Service built with cdk8s-plus-28, deployed by Flux and Argo CD like chart apps. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { gitopsFolders } from '../../src/gitops/synth-gitops';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import { synth } from '../../src/synth/synth';
import { validateLab } from '../../src/validate/validate';
import { parseYamlObjects, validateK8sObjects } from '../support/k8s-schema';
import { kustomizeBuild } from '../support/kustomize';
import { fixturePath, ROOT } from '../support/paths';

const FIXTURE = fixturePath('gitops', 'image-app.yaml');
const APP = 'gitops/lab/apps/whoami/app';
const profile = (edit: (p: any) => void = () => {}) => {
  const p = parse(readFileSync(FIXTURE, 'utf8'));
  edit(p);
  return p;
};
const folderObjects = (p: any, folder: string) => {
  const g = kubeClusters(loadLab(p)).find((c) => c.gitops)!.gitops!;
  return gitopsFolders(g).find((f) => f.folder === folder)!.objects as any[];
};

describe('apps from a container image (cdk8s-plus-28)', () => {
  it('writes a Deployment, Service, Ingress and claim that pass the Kubernetes 1.33 schema and kubectl kustomize', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-image-'));
    const result = await synth({ profile: profile(), projectDir: dir, inventory: false });
    assert.deepEqual(result.gitops[0]!.warnings, []);
    const r = kustomizeBuild(join(dir, APP));
    if (r.skipped) return t.skip(r.skipped);
    assert.ok(r.ok, r.error);
    const built = parseYamlObjects(r.output);
    assert.deepEqual(validateK8sObjects(built), []);
    assert.deepEqual(built.map((o) => `${o.kind}/${o.metadata.name}`).sort(), ['Deployment/whoami', 'Ingress/whoami', 'PersistentVolumeClaim/whoami-data', 'Service/whoami']);
    const deploy = built.find((o) => o.kind === 'Deployment');
    assert.equal(deploy.metadata.namespace, 'whoami');
    assert.equal(deploy.spec.replicas, 1);
    assert.deepEqual(deploy.spec.strategy, { type: 'Recreate' });
    assert.deepEqual(deploy.spec.selector.matchLabels, { 'app.kubernetes.io/instance': 'whoami' });
    const pod = deploy.spec.template.spec;
    const c = pod.containers[0];
    assert.equal(c.image, 'traefik/whoami:v1.11.0');
    assert.deepEqual(c.args, ['--port', '8080']);
    assert.deepEqual(c.ports, [{ containerPort: 8080, name: 'http' }]);
    assert.deepEqual(c.env, [{ name: 'WHOAMI_NAME', value: 'lab' }]);
    assert.deepEqual(c.securityContext, {
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
      runAsGroup: 1000, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.equal(pod.securityContext.fsGroup, 1000);
    assert.equal(pod.automountServiceAccountToken, false);
    assert.deepEqual(c.volumeMounts, [{ mountPath: '/tmp', name: 'tmp' }, { mountPath: '/config', name: 'data' }]);
    assert.deepEqual(pod.volumes.find((v: any) => v.name === 'data').persistentVolumeClaim, { claimName: 'whoami-data', readOnly: false });
    // The GPU: the vendor's resource limit, node selector and runtime class, as for chart apps (src/model/gpu.ts).
    assert.equal(c.resources.limits['nvidia.com/gpu'], 1);
    assert.deepEqual(pod.nodeSelector, { 'nvidia.com/gpu.present': 'true' });
    assert.equal(pod.runtimeClassName, 'nvidia');
    const claim = built.find((o) => o.kind === 'PersistentVolumeClaim');
    assert.equal(claim.spec.resources.requests.storage, '2Gi');
    assert.equal(claim.spec.storageClassName, 'local-path');
    const svc = built.find((o) => o.kind === 'Service');
    assert.deepEqual(svc.spec.selector, { 'app.kubernetes.io/instance': 'whoami' });
    assert.deepEqual(svc.spec.ports, [{ name: 'http', port: 8080, targetPort: 8080 }]);
    const ing = built.find((o) => o.kind === 'Ingress');
    assert.equal(ing.spec.rules[0].host, 'whoami.example.com');
    assert.deepEqual(ing.spec.rules[0].http.paths[0].backend.service, { name: 'whoami', port: { name: 'http' } });
    // Labels of the pod template match the Service selector: the Service has endpoints.
    for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(deploy.spec.template.metadata.labels[k], v);

    // Flux deploys the folder like a chart app's: its Kustomization, listed by the layer, and the namespace.
    const ks = parseYamlObjects(readFileSync(join(dir, 'gitops/lab/apps/whoami/ks.yaml'), 'utf8'))[0];
    assert.equal(ks.spec.path, APP);
    assert.match(readFileSync(join(dir, 'gitops/lab/apps/kustomization.yaml'), 'utf8'), /- \.\/whoami\/ks\.yaml/);
    assert.equal(parseYamlObjects(readFileSync(join(dir, 'gitops/lab/apps/namespace.yaml'), 'utf8'))[0].metadata.name, 'whoami');
  });

  it('a reserved LoadBalancer address: Service <app>-lb selects the image\'s pods and the validate rules pass', () => {
    const p = profile((x) => {
      x.clusters.lab.loadBalancer = { engine: 'metallb', pools: [{ name: 'lan', addresses: ['192.168.1.240-192.168.1.250'] }] };
      x.clusters.lab.apps.whoami.loadBalancer = { address: '192.168.1.241', ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
    });
    assert.deepEqual(validateLab(loadLab(p)).filter((f) => f.severity === 'error'), []);
    const objects = folderObjects(p, APP);
    const lb = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'whoami-lb');
    assert.equal(lb.spec.type, 'LoadBalancer');
    assert.equal(lb.metadata.annotations['metallb.io/loadBalancerIPs'], '192.168.1.241');
    assert.deepEqual(lb.spec.ports, [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    const labels = objects.find((o) => o.kind === 'Deployment').spec.template.metadata.labels;
    for (const [k, v] of Object.entries(lb.spec.selector)) assert.equal(labels[k], v);
  });

  it('Argo CD: the Application points at the app folder', () => {
    const p = profile((x) => { x.clusters.lab.gitops.engine = 'argocd'; });
    const apps = folderObjects(p, 'gitops/lab/argocd/apps').filter((o) => o.kind === 'Application');
    const app = apps.find((o) => o.metadata.name === 'whoami');
    assert.equal(app.spec.source.path, APP);
    assert.equal(app.spec.destination.namespace, 'whoami');
  });

  it('podSecurity restricted labels the namespace (the pod meets it by default); the user may be overridden down to root', () => {
    const restricted = profile((x) => { x.clusters.lab.apps.whoami.podSecurity = 'restricted'; });
    const g = kubeClusters(loadLab(restricted)).find((c) => c.gitops)!.gitops!;
    assert.equal(g.namespaces.find((n) => n.name === 'whoami')!.podSecurity, 'restricted');
    const root = profile((x) => { x.clusters.lab.apps.whoami.image.securityContext = { runAsNonRoot: false, readOnlyRootFilesystem: false }; });
    const deploy = folderObjects(root, APP).find((o) => o.kind === 'Deployment');
    const sc = deploy.spec.template.spec.containers[0].securityContext;
    assert.deepEqual([sc.runAsNonRoot, sc.readOnlyRootFilesystem, sc.allowPrivilegeEscalation, sc.capabilities], [false, false, false, { drop: ['ALL'] }]);
    assert.equal(deploy.spec.template.spec.securityContext.runAsNonRoot, false);
  });

  it('without persistence: rolling update, replicas as asked, no Service without a port', () => {
    const p = profile((x) => {
      const a = x.clusters.lab.apps.whoami;
      delete a.persistence; delete a.ingress; delete a.gpu; delete a.image.port;
      a.image.replicas = 3;
    });
    const objects = folderObjects(p, APP);
    assert.deepEqual(objects.map((o) => o.kind), ['Deployment']);
    assert.equal(objects[0].spec.replicas, 3);
    assert.equal(objects[0].spec.strategy.type, 'RollingUpdate');
    assert.deepEqual(objects[0].spec.template.spec.volumes, [{ emptyDir: {}, name: 'tmp' }]);
  });

  it('Flux with variables: a literal ${...} in env and args is escaped, a reference to a variable of the tree stays', () => {
    const p = profile((x) => {
      x.clusters.lab.gitops.variables = { BASE_DOMAIN: 'lab.example' };
      x.clusters.lab.apps.whoami.image.env = { GREETING: 'hi ${HOME}', URL: 'https://${BASE_DOMAIN}' };
      x.clusters.lab.apps.whoami.image.args = ['--name', '${USER}'];
    });
    const container = folderObjects(p, APP).find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
    assert.deepEqual(container.env, [{ name: 'GREETING', value: 'hi $${HOME}' }, { name: 'URL', value: 'https://${BASE_DOMAIN}' }]);
    assert.deepEqual(container.args, ['--name', '$${USER}']);
  });

  it('refuses an image without a tag or digest, and env names Kubernetes would refuse', () => {
    assert.throws(() => loadLab(profile((x) => { x.clusters.lab.apps.whoami.image.ref = 'traefik/whoami'; })), /clusters\.lab\.apps\.whoami\.image\.ref: must name a tag or a digest/);
    assert.throws(() => loadLab(profile((x) => { x.clusters.lab.apps.whoami.image.env = { 'BAD-NAME': 'x' }; })), /clusters\.lab\.apps\.whoami\.image\.env/);
  });

  it('loads cdk8s-plus-28 only when a cluster has an image app', () => {
    const dist = join(ROOT, 'dist');
    const run = (file: string, strip: boolean) => spawnSync(process.execPath, ['-e', `
      const { parse } = require('yaml');
      const p = parse(require('fs').readFileSync(${JSON.stringify(file)}, 'utf8'));
      if (${strip}) delete p.clusters.lab.apps.whoami.image, delete p.clusters.lab.apps.whoami.persistence.mountPath, p.clusters.lab.apps.whoami.chart = { repo: 'https://charts.example.com', name: 'whoami', version: '1.0.0' };
      const { kubeClusters } = require(${JSON.stringify(join(dist, 'src/model/kube-clusters'))});
      const { loadLab } = require(${JSON.stringify(join(dist, 'src/model/load'))});
      const { gitopsFolders } = require(${JSON.stringify(join(dist, 'src/gitops/synth-gitops'))});
      gitopsFolders(kubeClusters(loadLab(p)).find((c) => c.gitops).gitops);
      console.log(Object.keys(require.cache).some((k) => k.includes('cdk8s-plus-28')));
    `], { cwd: ROOT, encoding: 'utf8' });
    const without = run(FIXTURE, true);
    assert.equal(without.status, 0, without.stderr);
    assert.equal(without.stdout.trim(), 'false');
    const withImage = run(FIXTURE, false);
    assert.equal(withImage.status, 0, withImage.stderr);
    assert.equal(withImage.stdout.trim(), 'true');
  });
});
