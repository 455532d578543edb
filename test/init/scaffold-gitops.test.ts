import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { init } from '../../src/init/init';
import { synth } from '../../src/synth/synth';

describe('the GitOps tree of a fresh scaffold (apps: {})', () => {
  it('Argo CD: the root Application points at a folder synth writes; the bootstrap helm install is pinned', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'homelab-init-')), 'argo-lab');
    await init({ dir, engine: 'argocd', dependency: '^0.1.0' });
    const result = await synth({ profile: join(dir, 'profiles', 'lab.yaml'), projectDir: dir });
    const root = readFileSync(join(dir, 'gitops', 'main', 'argocd', 'root.yaml'), 'utf8');
    assert.match(root, /path: gitops\/main\/argocd\/apps\n/);
    assert.equal(readFileSync(join(dir, 'gitops', 'main', 'argocd', 'apps', 'kustomization.yaml'), 'utf8'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n');
    assert.match(result.gitops[0]!.bootstrap, /^helm install argocd argo-cd --repo https:\/\/argoproj\.github\.io\/argo-helm --version 9\.1\.3 -n argocd /);
  });

  it('Flux: the root Kustomization flux-system points at flux/, which lists flux/cluster and flux/flux-system', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'homelab-init-')), 'flux-lab');
    await init({ dir, dependency: '^0.1.0' });
    await synth({ profile: join(dir, 'profiles', 'lab.yaml'), projectDir: dir });
    assert.match(readFileSync(join(dir, 'gitops', 'main', 'flux', 'flux-system', 'gotk-sync.yaml'), 'utf8'), /\n {2}path: gitops\/main\/flux\n/);
    assert.match(readFileSync(join(dir, 'gitops', 'main', 'flux', 'kustomization.yaml'), 'utf8'), /resources:\n {2}- \.\/cluster\n {2}- \.\/flux-system\n/);
    assert.ok(existsSync(join(dir, 'gitops', 'main', 'flux', 'cluster', 'kustomization.yaml')));
  });
});
