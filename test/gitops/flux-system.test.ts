/**
 * The flux-system folder `flux bootstrap` would write (fluxcd/flux2 v2.9.4 pkg/manifestgen/sync/sync.go and
 * pkg/bootstrap/bootstrap_plain_git.go): gotk-sync.yaml from synth, gotk-components.yaml exported by the Flux CLI
 * and kept as the user's file.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { FLUX_VERSION } from '../../src/defaults';
import { bootstrapCommand } from '../../src/gitops/synth-gitops';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import { loadProfileFile } from '../../src/schema/load';
import { synthCheck } from '../../src/synth/check';
import { MANIFEST_FILE } from '../../src/synth/ownership';
import { synth } from '../../src/synth/synth';
import { fluxComponentsStandIn, resynthTree } from '../support/bootstrap-sim';
import { gitopsOf, writtenTree } from '../support/gitops';
import { validateK8sObjects } from '../support/k8s-schema';
import { kustomizeBuild } from '../support/kustomize';
import { profilePath } from '../support/paths';

const kinds = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJS()).filter(Boolean).map((o: any) => `${o.kind}/${o.metadata.name}`).sort();

describe('Flux in Git: the flux-system folder', () => {
  it('gotk-sync.yaml holds the GitRepository and the root Kustomization flux-system, schema-valid', async () => {
    const dir = await writtenTree('flux-layered');
    const folder = join(dir, 'clusters/main/kubernetes/flux/flux-system');
    const [git, ks] = parseAllDocuments(readFileSync(join(folder, 'gotk-sync.yaml'), 'utf8')).map((d) => d.toJS());
    assert.deepEqual([git.kind, git.metadata, git.spec.url, git.spec.ref], ['GitRepository', { name: 'flux-system', namespace: 'flux-system' }, 'https://github.com/example/home-cluster.git', { branch: 'main' }]);
    assert.deepEqual([ks.kind, ks.metadata.name, ks.spec.path, ks.spec.prune, ks.spec.sourceRef], ['Kustomization', 'flux-system', 'clusters/main/kubernetes/flux', true, { kind: 'GitRepository', name: 'flux-system' }]);
    assert.deepEqual(validateK8sObjects([git, ks]), []);
    // The root lists the flux-system folder itself: Flux reconciles (and upgrades) its own components.
    assert.deepEqual(parse(readFileSync(join(dir, 'clusters/main/kubernetes/flux/kustomization.yaml'), 'utf8')).resources, ['./cluster', './flux-system']);
    assert.deepEqual(parse(readFileSync(join(folder, 'kustomization.yaml'), 'utf8')).resources, ['gotk-sync.yaml']);
    assert.equal(existsSync(join(dir, 'clusters/main/kubernetes/flux/bootstrap')), false);
  });

  it('the GitRepository takes the repository credentials (secretRef)', () => {
    const profile = structuredClone(loadProfileFile(profilePath('flux-layered'))) as any;
    profile.clusters.main.gitops.repo = { url: 'ssh://git@github.com/me/lab.git', secretRef: 'lab-deploy-key' };
    const g = kubeClusters(loadLab(profile)).find((c) => c.gitops)!.gitops!;
    assert.equal(g.bootstrapSecrets.find((s) => s.name === 'lab-deploy-key')!.usedBy, 'GitRepository flux-system');
  });

  it('kubectl kustomize builds the folder without and with the exported components', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-flux-system-'));
    cpSync(await writtenTree('k3s-three-node'), dir, { recursive: true });
    const folder = join(dir, 'gitops/k3s/flux/flux-system');
    const without = kustomizeBuild(folder);
    if (without.skipped) return t.skip(without.skipped);
    assert.ok(without.ok, without.error);
    assert.deepEqual(kinds(without.output), ['GitRepository/flux-system', 'Kustomization/flux-system']);
    writeFileSync(join(folder, 'gotk-components.yaml'), fluxComponentsStandIn(FLUX_VERSION));
    resynthTree(gitopsOf('k3s-three-node'), dir)();
    const withComponents = kustomizeBuild(folder);
    assert.ok(withComponents.ok, withComponents.error);
    assert.ok(kinds(withComponents.output).includes('CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io'));
    assert.ok(kinds(withComponents.output).includes('Deployment/kustomize-controller'));
    const root = kustomizeBuild(join(dir, 'gitops/k3s/flux'));
    assert.ok(root.ok, root.error);
    assert.ok(kinds(root.output).includes('Deployment/source-controller') && kinds(root.output).includes('Kustomization/layer-platform'));
  });

  it('synth keeps the exported gotk-components.yaml silently and lists it; synth --check does not report it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-gotk-'));
    const options = { profile: profilePath('flux-layered'), projectDir: dir, outDir: join(dir, 'cdktf.out') };
    const first = await synth(options);
    const tree = join(dir, 'clusters/main/kubernetes');
    assert.match(first.gitops[0]!.bootstrap, new RegExp(`flux install --version=${FLUX_VERSION} --export > clusters/main/kubernetes/flux/flux-system/gotk-components.yaml`));
    const components = join(tree, 'flux/flux-system/gotk-components.yaml');
    const text = fluxComponentsStandIn(FLUX_VERSION);
    writeFileSync(components, text);
    // Only the folder's kustomization changes: it lists the file once synth runs again.
    assert.deepEqual((await synthCheck(options)).differences.map((d) => d.file), ['clusters/main/kubernetes/.homelab-manifest.json', 'clusters/main/kubernetes/flux/flux-system/kustomization.yaml']);
    const second = await synth(options);
    assert.deepEqual([second.kept, second.notes], [[], []]);
    assert.equal(readFileSync(components, 'utf8'), text);
    assert.deepEqual(parse(readFileSync(join(tree, 'flux/flux-system/kustomization.yaml'), 'utf8')).resources, ['gotk-sync.yaml', 'gotk-components.yaml']);
    assert.ok(!JSON.parse(readFileSync(join(tree, MANIFEST_FILE), 'utf8')).files.includes('flux/flux-system/gotk-components.yaml'));
    assert.doesNotMatch(second.gitops[0]!.bootstrap, /flux install|npx homelab synth|git push/);
    assert.deepEqual((await synthCheck(options)).differences, []);
  });

  it('a tree of the previous layout loses flux/bootstrap (synth\'s own files, in its manifest)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-gotk-old-'));
    const options = { profile: profilePath('flux-layered'), projectDir: dir, outDir: join(dir, 'cdktf.out') };
    await synth(options);
    const tree = join(dir, 'clusters/main/kubernetes');
    const manifestFile = join(tree, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    mkdirSync(join(tree, 'flux/bootstrap'));
    for (const f of ['gitrepository.yaml', 'ks.yaml', 'kustomization.yaml']) {
      writeFileSync(join(tree, 'flux/bootstrap', f), `# ${f}\n`);
      manifest.files.push(`flux/bootstrap/${f}`);
    }
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const r = await synth(options);
    assert.deepEqual(r.kept, []);
    assert.equal(existsSync(join(tree, 'flux/bootstrap')), false);
  });

  it('gitops.fluxVersion pins another release; anything but vX.Y.Z is refused', () => {
    const profile = structuredClone(loadProfileFile(profilePath('flux-layered'))) as any;
    profile.clusters.main.gitops.fluxVersion = 'v2.8.8';
    const g = kubeClusters(loadLab(profile)).find((c) => c.gitops)!.gitops!;
    assert.match(bootstrapCommand(g), / && flux install --version=v2\.8\.8 --export > clusters\/main\/kubernetes\/flux\/flux-system\/gotk-components\.yaml && /);
    profile.clusters.main.gitops.fluxVersion = 'latest';
    assert.throws(() => loadLab(profile), /clusters\.main\.gitops\.fluxVersion/);
  });

  it('Argo CD trees have no flux folder', async () => {
    const dir = await writtenTree('triple-nic-mayastor');
    assert.equal(existsSync(join(dir, 'gitops/main/flux')), false);
    assert.doesNotMatch(bootstrapCommand(gitopsOf('triple-nic-mayastor')), /flux/);
  });
});
