/** cluster.addChart(...): any cdk8s / cdk8s-plus chart in a cluster's GitOps tree, deployed like the profile's apps. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { parse } from 'yaml';
import { K3sCluster } from '../../src/constructs/k3s/k3s-cluster';
import { TalosCluster } from '../../src/constructs/talos/talos-cluster';
import { addGitopsChart } from '../../src/gitops/extra-charts';
import { synth } from '../../src/synth/synth';
import type { LabStack } from '../../stacks/lab-stack';
import { parseYamlObjects, validateK8sObjects } from '../support/k8s-schema';
import { kustomizeBuild } from '../support/kustomize';
import { fixturePath, profilePath } from '../support/paths';
import '../support/synth'; // the SSH key k3s-three-node reads from the environment

const profile = (engine: 'flux' | 'argocd' = 'flux') => {
  const p = parse(readFileSync(fixturePath('gitops', 'image-app.yaml'), 'utf8'));
  p.clusters.lab.gitops.engine = engine;
  return p;
};

/** A chart of the user's own: a cdk8s-plus Deployment exposed by a Service. */
class HelloChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'hello', disableResourceNameHashes: true });
    const web = new kplus.Deployment(this, 'web', {
      metadata: { name: 'hello' },
      replicas: 1,
      containers: [{ image: 'nginxinc/nginx-unprivileged:1.27', portNumber: 8080, securityContext: { user: 101, group: 101 } }],
    });
    web.exposeViaService({ name: 'hello' });
  }
}

const talosCluster = (stack: LabStack) => stack.node.findAll().find((c): c is TalosCluster => c instanceof TalosCluster)!;

describe('addChart: charts from code in a cluster\'s GitOps tree', () => {
  it('Flux: the chart\'s objects land in their own app folder, with a Kustomization, the layer entry and the namespace', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-add-chart-'));
    await synth({
      profile: profile(), projectDir: dir, inventory: false,
      extend: (stack) => talosCluster(stack).addChart('hello', (scope) => new HelloChart(scope, 'hello'), { dependsOn: ['whoami'] }),
    });
    const folder = 'gitops/lab/apps/hello/app';
    const ks = parseYamlObjects(readFileSync(join(dir, 'gitops/lab/apps/hello/ks.yaml'), 'utf8'))[0];
    assert.equal(ks.spec.path, folder);
    assert.deepEqual(ks.spec.dependsOn, [{ name: 'whoami' }]);
    assert.match(readFileSync(join(dir, 'gitops/lab/apps/kustomization.yaml'), 'utf8'), /- \.\/hello\/ks\.yaml/);
    assert.match(readFileSync(join(dir, 'gitops/lab/apps/namespace-hello.yaml'), 'utf8'), /name: hello/);
    const r = kustomizeBuild(join(dir, folder));
    if (r.skipped) return t.skip(r.skipped);
    assert.ok(r.ok, r.error);
    const built = parseYamlObjects(r.output);
    assert.deepEqual(validateK8sObjects(built), []);
    assert.deepEqual(built.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort(), ['Deployment/hello/hello', 'Service/hello/hello']);
    assert.equal(built.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].image, 'nginxinc/nginx-unprivileged:1.27');
  });

  it('Argo CD: an Application per added chart, its source the app folder; addGitopsChart works from an extend hook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-add-chart-argo-'));
    await synth({
      profile: profile('argocd'), projectDir: dir, inventory: false,
      extend: (_stack, lab) => addGitopsChart(lab.clusters[0]!.gitops!, 'hello', (scope) => new HelloChart(scope, 'hello'), { namespace: 'hello', layer: 'platform' }),
    });
    const app = parseYamlObjects(readFileSync(join(dir, 'gitops/lab/argocd/apps/application-hello.yaml'), 'utf8'))[0];
    assert.equal(app.spec.source.path, 'gitops/lab/platform/hello/app');
    assert.equal(app.spec.destination.namespace, 'hello');
    assert.equal(app.spec.project, 'platform');
    assert.match(readFileSync(join(dir, 'gitops/lab/platform/hello/app/deployment.yaml'), 'utf8'), /image: nginxinc\/nginx-unprivileged:1\.27/);
  });

  it('K3sCluster.addChart: the same for a K3s cluster\'s tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-add-chart-k3s-'));
    const result = await synth({
      profile: profilePath('k3s-three-node'), projectDir: dir, inventory: false,
      extend: (stack) => stack.node.findAll().find((c): c is K3sCluster => c instanceof K3sCluster)!.addChart('hello', (scope) => new HelloChart(scope, 'hello'), { layer: 'applications' }),
    });
    const tree = result.gitops[0]!.path;
    const ks = parseYamlObjects(readFileSync(join(dir, tree, 'applications/hello/ks.yaml'), 'utf8'))[0];
    assert.equal(ks.spec.path, `${tree}/applications/hello/app`);
    assert.match(readFileSync(join(dir, tree, 'applications/hello/app/service.yaml'), 'utf8'), /name: hello/);
  });

  it('refuses a name that is taken, a layer or dependency that does not exist, and a cluster without gitops', async () => {
    const tryAdd = (name: string, options = {}) => synth({
      profile: profile(), projectDir: mkdtempSync(join(tmpdir(), 'homelab-add-chart-bad-')), inventory: false,
      extend: (stack) => talosCluster(stack).addChart(name, (scope) => new HelloChart(scope, 'x'), options),
    });
    await assert.rejects(tryAdd('whoami'), /clusters\.lab\.addChart\("whoami"\): an app named "whoami" already exists/);
    await assert.rejects(tryAdd('Hello'), /the name "Hello" is not a lower-case DNS label/);
    await assert.rejects(tryAdd('hello', { layer: 'nope' }), /layer "nope" is not one of gitops\.layers/);
    await assert.rejects(tryAdd('hello', { dependsOn: ['nope'] }), /dependsOn "nope" is not an app of the cluster/);
    await assert.rejects(synth({
      profile: profilePath('default'), projectDir: mkdtempSync(join(tmpdir(), 'homelab-add-chart-none-')), inventory: false,
      extend: (stack) => talosCluster(stack).addChart('hello', (scope) => new HelloChart(scope, 'x')),
    }), /addChart\("hello"\): the cluster has no gitops section/);
  });
});
