/**
 * Every reference tree reconciles on an empty cluster from the printed bootstrap alone (see
 * test/support/bootstrap-sim.ts for the controller rules it applies).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bootstrapCommand } from '../../src/gitops/synth-gitops';
import { loadLab } from '../../src/model/load';
import { simulateBootstrap, type SimInput } from '../support/bootstrap-sim';
import { GITOPS_PROFILES, gitopsOf, writtenTree } from '../support/gitops';
import { profilePath } from '../support/paths';

async function inputOf(profile: string): Promise<SimInput> {
  const g = gitopsOf(profile);
  const lab = loadLab(profilePath(profile));
  const cniNone = lab.clusters.some((c) => c.name === g.cluster && c.cni === 'none');
  return { projectDir: await writtenTree(profile), steps: [...g.bootstrapSecrets.map((s) => s.command), bootstrapCommand(g)], talos: g.talos, cniNone };
}

describe('bootstrap simulation on an empty cluster', () => {
  for (const profile of GITOPS_PROFILES) {
    it(`${profile}: every object becomes ready, in an order the controllers allow`, async () => {
      const r = simulateBootstrap(await inputOf(profile));
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.stuck, {});
      assert.ok(r.order.length > 20, `${r.order.length} objects`);
      // the Kustomizations / Applications themselves became ready, not only what the bootstrap applied
      assert.ok(r.order.some((k) => /^(Kustomization\/flux-system\/layer-|Application\/argocd\/.*-root$)/.test(k)), r.order.join(', '));
    });
  }

  it('orders CRDs, namespaces and the CNI before their users (single-node-gpu)', async () => {
    const { order } = simulateBootstrap(await inputOf('single-node-gpu'));
    const i = (key: string) => { const n = order.indexOf(key); assert.ok(n >= 0, `${key} ready`); return n; };
    assert.ok(i('HelmRelease/kube-system/cilium') < i('CiliumLoadBalancerIPPool/-/reserved'));
    assert.ok(i('CiliumLoadBalancerIPPool/-/reserved') < i('Service/forgejo/forgejo-lb'));
    assert.ok(i('Namespace/-/forgejo') < i('HelmRelease/forgejo/forgejo'));
    assert.ok(i('HelmRelease/longhorn-system/longhorn') < i('HelmRelease/monitoring/kube-prometheus-stack'));
  });

  it('stalls without the CNI step, without the privileged label, and on a missing path', async () => {
    const input = await inputOf('single-node-gpu');
    const noCni = simulateBootstrap({ ...input, steps: input.steps.map((s) => s.replace(/^helm install cilium .*? && /, '')) });
    assert.deepEqual(noCni.errors, ['flux install: no CNI, the Flux controllers never start']);

    const flux = await inputOf('flux-layered');
    const sed = (await import('node:fs')).readFileSync;
    const layer = join(flux.projectDir, 'clusters/main/kubernetes/system/namespace-metallb-system.yaml');
    const original = sed(layer, 'utf8');
    const { writeFileSync } = await import('node:fs');
    try {
      writeFileSync(layer, original.replace(/\n {4}pod-security\.kubernetes\.io\/enforce: privileged/, '').replace(/\n {2}labels:\n/, '\n'));
      const r = simulateBootstrap(flux);
      assert.match(r.stuck['HelmRelease/metallb-system/metallb']!, /Pod Security: namespace metallb-system does not admit metallb/);
      assert.match(r.stuck['Kustomization/flux-system/layer-apps']!, /dependsOn layer-networking not ready/);
    } finally {
      writeFileSync(layer, original);
    }
    const secretsDir = join(flux.projectDir, 'clusters/main/kubernetes/flux-system/cluster-secrets/app');
    const kfile = join(secretsDir, 'kustomization.yaml');
    const k = sed(kfile, 'utf8');
    try {
      rmSync(kfile);
      const r = simulateBootstrap(flux);
      assert.equal(r.stuck['Kustomization/flux-system/cluster-secrets'], 'no kustomization.yaml in clusters/main/kubernetes/flux-system/cluster-secrets/app');
    } finally {
      writeFileSync(kfile, k);
    }
  });
});
