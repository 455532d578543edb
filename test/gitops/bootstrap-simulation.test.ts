/**
 * Every reference tree reconciles on an empty cluster from the printed bootstrap alone (see
 * test/support/bootstrap-sim.ts for the controller rules it applies).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bootstrapCommand } from '../../src/gitops/synth-gitops';
import { fileExists } from '../../src/gitops/write-tree';
import { loadLab } from '../../src/model/load';
import { fluxComponentsStandIn, resynthTree, simulateBootstrap, type SimInput } from '../support/bootstrap-sim';
import { GITOPS_PROFILES, gitopsOf, writtenTree } from '../support/gitops';
import { profilePath } from '../support/paths';

/**
 * The profile's tree in a private copy (the printed steps write into it). `exported`: the Flux components are
 * already exported and listed (synth ran again), so the printed bootstrap starts at the cluster.
 */
async function inputOf(profile: string, exported = false): Promise<SimInput> {
  const g = gitopsOf(profile);
  const lab = loadLab(profilePath(profile));
  const cniNone = lab.clusters.some((c) => c.name === g.cluster && c.cni === 'none');
  const projectDir = mkdtempSync(join(tmpdir(), 'homelab-sim-'));
  cpSync(await writtenTree(profile), projectDir, { recursive: true });
  const resynth = resynthTree(g, projectDir);
  if (exported && g.engine === 'flux') {
    writeFileSync(join(projectDir, g.path, 'flux/flux-system/gotk-components.yaml'), fluxComponentsStandIn(g.fluxVersion));
    resynth();
  }
  const bootstrap = bootstrapCommand(g, fileExists(projectDir));
  return { projectDir, steps: [...g.bootstrapSecrets.map((s) => s.command), bootstrap], talos: g.talos, cniNone, resynth };
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
    assert.deepEqual(noCni.errors, []);
    assert.equal(noCni.stuck['Deployment/flux-system/source-controller'], 'no CNI: pods cannot start');
    assert.equal(noCni.stuck['GitRepository/flux-system/flux-system'], 'source-controller is not running');

    const flux = await inputOf('flux-layered', true);
    const sed = readFileSync;
    const layer = join(flux.projectDir, 'clusters/main/kubernetes/system/namespace-metallb-system.yaml');
    const original = sed(layer, 'utf8');
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

  it('Flux: the export becomes part of the tree and Flux then manages its own components (flux-layered)', async () => {
    const input = await inputOf('flux-layered');
    const g = gitopsOf('flux-layered');
    assert.match(input.steps.at(-1)!, /flux install --version=v2\.9\.4 --export > clusters\/main\/kubernetes\/flux\/flux-system\/gotk-components\.yaml && npx homelab synth && git add /);
    const r = simulateBootstrap(input);
    assert.deepEqual([r.errors, r.stuck], [[], {}]);
    for (const key of ['Deployment/flux-system/source-controller', 'Deployment/flux-system/kustomize-controller', 'GitRepository/flux-system/flux-system', 'Kustomization/flux-system/flux-system']) {
      assert.equal(r.owners[key], 'Kustomization/flux-system/flux-system', key);
    }
    assert.ok(existsSync(join(input.projectDir, g.path, 'flux/flux-system/gotk-components.yaml')));
    assert.match(readFileSync(join(input.projectDir, g.path, 'flux/flux-system/kustomization.yaml'), 'utf8'), /- gotk-components\.yaml/);
  });

  it('Flux: without synth after the export Flux does not manage itself; one apply of CRDs and their objects is refused', async () => {
    const input = await inputOf('k3s-three-node');
    const noSynth = simulateBootstrap({ ...input, steps: input.steps.map((s) => s.replace(' && npx homelab synth', '')) });
    assert.deepEqual(noSynth.errors, []);
    assert.equal(noSynth.owners['Deployment/flux-system/source-controller'], 'bootstrap');

    const exported = await inputOf('k3s-three-node', true);
    const oneApply = exported.steps.map((s) => s.replace(/kubectl apply -f \S+ && kubectl wait \S+ \S+ \S+ && /, ''));
    assert.notDeepEqual(oneApply, exported.steps);
    const r = simulateBootstrap({ ...exported, steps: oneApply });
    assert.match(r.errors.join('\n'), /kubectl apply -k gitops\/k3s\/flux\/flux-system: GitRepository\/flux-system\/flux-system: no matches for source\.toolkit\.fluxcd\.io\/v1 GitRepository, ensure CRDs are installed first/);
  });
});
