import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { spawnSync } from 'node:child_process';
import { diff } from '../../src/diff/diff';
import { renderedSides } from '../../src/diff/k8s-objects';
import { ProfileError } from '../../src/errors';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import { synthCheck } from '../../src/synth/check';
import { synth } from '../../src/synth/synth';
import { validateK8sObjects, parseYamlObjects } from '../support/k8s-schema';
import { kustomizeBuild } from '../support/kustomize';
import { fixturePath } from '../support/paths';
import '../support/synth';

const APP = 'gitops/lab/apps/plex/app';

/** A copy of the fixture project (lab.yaml + manifests/) in a temporary directory, with `edit` applied to the profile. */
function project(edit: (p: any) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-manifests-'));
  const proj = join(dir, 'lab');
  cpSync(fixturePath('gitops', 'app-manifests'), proj, { recursive: true });
  const p = parse(readFileSync(join(proj, 'lab.yaml'), 'utf8'));
  edit(p);
  writeFileSync(join(proj, 'lab.yaml'), stringify(p));
  return proj;
}

const plex = (p: any) => p.clusters.lab.apps.plex;

function problemsOf(proj: string): { path: string; message: string; fix?: string; line?: number }[] {
  try {
    loadLab(join(proj, 'lab.yaml'), { projectDir: proj });
  } catch (err) {
    assert.ok(err instanceof ProfileError, String(err));
    return err.problems.map((p) => ({ path: p.path, message: p.message, fix: p.fix, line: p.line }));
  }
  assert.fail('the profile loaded');
}

describe('apps.<name>.manifests and kustomize.patches', () => {
  for (const engine of ['flux', 'argocd'] as const) {
    it(`${engine}: copies each file into the app folder, lists it, and the folder builds with the patches applied`, async (t) => {
      const proj = project((p) => (p.clusters.lab.gitops.engine = engine));
      await synth({ profile: join(proj, 'lab.yaml'), projectDir: proj, inventory: false });
      const kustomization = parse(readFileSync(join(proj, APP, 'kustomization.yaml'), 'utf8'));
      assert.deepEqual(kustomization.resources.filter((r: string) => r.startsWith('manifest-')), ['manifest-plex-config.yaml', 'manifest-plex-extras.yaml']);
      assert.equal(kustomization.patches.length, 2);
      // kustomize reads `patch` as a string: the object patch of the profile is written as YAML text.
      assert.equal(typeof kustomization.patches[1].patch, 'string');
      const extras = readFileSync(join(proj, APP, 'manifest-plex-extras.yaml'), 'utf8');
      assert.match(extras, /^# copied by homelab synth from manifests\/plex-extras\.yml/);
      assert.deepEqual(parseYamlObjects(extras).map((o) => `${o.kind}/${o.metadata.name}`), ['Service/plex-dlna', 'ServiceAccount/plex-backup']);
      // A namespaced built-in kind without a namespace gets the app's (as Argo CD's destination would give it).
      assert.equal(parseYamlObjects(readFileSync(join(proj, APP, 'manifest-plex-config.yaml'), 'utf8'))[0].metadata.namespace, 'plex');
      if (engine === 'argocd') {
        const app = parseYamlObjects(readFileSync(join(proj, 'gitops/lab/argocd/apps/application-plex.yaml'), 'utf8'))[0];
        assert.deepEqual(app.spec.sources.map((s: any) => s.path ?? s.chart), ['app-template', APP]);
      }
      const r = kustomizeBuild(join(proj, APP));
      if (r.skipped) return t.skip(r.skipped);
      assert.ok(r.ok, r.error);
      const built = parseYamlObjects(r.output);
      assert.deepEqual(validateK8sObjects(built), []);
      const config = built.find((o) => o.kind === 'ConfigMap');
      assert.equal(config.data.TZ, 'Pacific/Auckland'); // the JSON 6902 patch
      assert.equal(config.data.PLEX_CLAIM_URL, 'https://plex.tv/claim');
      const dlna = built.find((o) => o.kind === 'Service' && o.metadata.name === 'plex-dlna');
      assert.equal(dlna.spec.sessionAffinity, 'ClientIP'); // the strategic merge patch
      assert.deepEqual(dlna.spec.ports, [{ name: 'dlna', port: 1900, protocol: 'UDP' }]);
    });
  }

  it('synth writes the same bytes twice (the copies are deterministic)', async () => {
    const proj = project();
    await synth({ profile: join(proj, 'lab.yaml'), projectDir: proj, inventory: false });
    const first = readFileSync(join(proj, APP, 'manifest-plex-extras.yaml'), 'utf8');
    await synth({ profile: join(proj, 'lab.yaml'), projectDir: proj, inventory: false });
    assert.equal(readFileSync(join(proj, APP, 'manifest-plex-extras.yaml'), 'utf8'), first);
  });

  it('Flux: synth warns about a custom resource without a namespace (kustomize-controller refuses the app), not about a Cluster* kind', async () => {
    for (const engine of ['flux', 'argocd'] as const) {
      const proj = project((p) => {
        p.clusters.lab.gitops.engine = engine;
        plex(p).manifests.push('manifests/certs.yaml');
      });
      writeFileSync(join(proj, 'manifests', 'certs.yaml'), [
        'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: plex-tls }\nspec: { secretName: plex-tls, dnsNames: [plex.example.invalid], issuerRef: { name: le, kind: ClusterIssuer } }\n',
        'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: { name: le }\nspec: { selfSigned: {} }\n',
      ].join('---\n'));
      const result = await synth({ profile: join(proj, 'lab.yaml'), projectDir: proj, inventory: false });
      const warnings = result.gitops[0]!.warnings.filter((w) => w.includes('metadata.namespace'));
      assert.deepEqual(warnings, engine === 'flux'
        ? ['manifests/certs.yaml: Certificate/plex-tls has no metadata.namespace: if its kind is namespaced, Flux refuses app plex ("namespace not specified"); set it']
        : []);
    }
  });

  it('a strategic merge patch naming no object of the folder is refused; a target selecting none is a warning', async () => {
    const proj = project((p) => {
      plex(p).kustomize.patches[1].patch.metadata.name = 'plex-dlna-typo';
      delete plex(p).kustomize.patches[0].target;
    });
    await assert.rejects(synth({ profile: join(proj, 'lab.yaml'), projectDir: proj, inventory: false }), (err: unknown) => {
      assert.ok(err instanceof ProfileError);
      assert.deepEqual(err.problems.map((p) => [p.path, p.message]), [[
        'clusters.lab.apps.plex.kustomize.patches[0]',
        'a JSON 6902 patch (a list of operations) without target: kustomize fails ("must specify a target for JSON patch")',
      ], [
        'clusters.lab.apps.plex.kustomize.patches[1]',
        `the patch names Service/plex/plex-dlna-typo, which ${APP} does not hold: kustomize fails to build the folder ("no resource matches strategic merge patch")`,
      ]]);
      return true;
    });
    const quiet = project((p) => {
      plex(p).kustomize.patches[0].target.name = 'plex-conf.*'; // a regular expression, as in kustomize
      plex(p).kustomize.patches.push({ target: { kind: 'Deployment', name: 'plex' }, patch: '- op: remove\n  path: /spec/replicas\n' });
    });
    const result = await synth({ profile: join(quiet, 'lab.yaml'), projectDir: quiet, inventory: false });
    assert.deepEqual(result.gitops[0]!.warnings.filter((w) => w.includes('kustomize.patches')), [
      `clusters.lab.apps.plex.kustomize.patches[2]: the target selects no object of ${APP}, so the patch does nothing; patch an object of the app folder (its manifests or the objects we derive); change what the chart renders through values`,
    ]);
  });

  it('synth --check names the copy when a manifest changed after the last synth', async () => {
    const proj = project();
    const options = { profile: join(proj, 'lab.yaml'), projectDir: proj, inventory: false as const };
    await synth(options);
    assert.deepEqual((await synthCheck(options)).differences, []);
    const file = join(proj, 'manifests', 'plex-extras.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('port: 1900', 'port: 1901'));
    // The tree's ownership record (file hashes) differs with it.
    assert.deepEqual((await synthCheck(options)).differences, [
      { file: 'gitops/lab/.homelab-manifest.json', change: 'differs' },
      { file: `${APP}/manifest-plex-extras.yaml`, change: 'differs' },
    ]);
  });

  it('diff sees the objects of the manifests, in the file they are copied to', async () => {
    const proj = project();
    const side = (await renderedSides(loadLab(join(proj, 'lab.yaml'), { projectDir: proj }))).get('lab')!;
    assert.equal(side.objects.get('v1/ConfigMap/plex/plex-config')?.file, `${APP}/manifest-plex-config.yaml`);
    assert.equal(side.objects.get('v1/ServiceAccount/plex/plex-backup')?.file, `${APP}/manifest-plex-extras.yaml`);
  });

  it('diff --base <ref> reads the manifests as they are at the ref', async () => {
    const repo = project();
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    assert.equal(git('commit', '-q', '-m', 'base').status, 0);
    const profile = join(repo, 'lab.yaml');
    assert.equal((await diff({ profile, base: 'HEAD', projectDir: repo })).changed, false);
    const file = join(repo, 'manifests', 'plex-config.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('TZ: UTC', 'TZ: Europe/London'));
    const objects = (await diff({ profile, base: 'HEAD', projectDir: repo })).clusters[0]!.objects;
    assert.deepEqual(objects.map((o) => [o.key, o.file, o.action, o.changes.map((c) => [c.path, c.before, c.after])]), [
      ['v1/ConfigMap/plex/plex-config', `${APP}/manifest-plex-config.yaml`, 'update', [['data.TZ', 'UTC', 'Europe/London']]],
    ]);
  });

  it('a missing file is a problem naming the field, the path and the fix', () => {
    const proj = project((p) => plex(p).manifests.push('manifests/missing.yaml'));
    const [problem, ...rest] = problemsOf(proj);
    assert.deepEqual(rest, []);
    assert.equal(problem!.path, 'clusters.lab.apps.plex.manifests[2]');
    assert.equal(problem!.message, `manifests/missing.yaml does not exist (looked for ${join(proj, 'manifests/missing.yaml')})`);
    assert.match(problem!.fix!, /create the file/);
    assert.ok(problem!.line! > 1, 'located in the profile');
  });

  it('a path out of the project (.., or a symbolic link out) is refused', () => {
    const proj = project((p) => plex(p).manifests.push('../outside.yaml', 'manifests/link.yaml'));
    writeFileSync(join(proj, '..', 'outside.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
    symlinkSync(join(proj, '..', 'outside.yaml'), join(proj, 'manifests', 'link.yaml'));
    const problems = problemsOf(proj);
    assert.deepEqual(problems.map((p) => p.path), ['clusters.lab.apps.plex.manifests[2]', 'clusters.lab.apps.plex.manifests[3]']);
    assert.match(problems[0]!.message, /^"\.\.\/outside\.yaml" leaves the project directory/);
    assert.match(problems[1]!.message, /^"manifests\/link\.yaml" resolves to .*outside\.yaml, outside the project/);
  });

  it('documents that are not Kubernetes objects, and two files with one name, are refused', () => {
    const proj = project((p) => plex(p).manifests.push('manifests/bad.yaml', 'other/plex-config.yaml'));
    writeFileSync(join(proj, 'manifests', 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\ndata: {}\n---\nkind: Secret\n');
    mkdirSync(join(proj, 'other'));
    cpSync(join(proj, 'manifests', 'plex-config.yaml'), join(proj, 'other', 'plex-config.yaml'));
    assert.deepEqual(problemsOf(proj).map((p) => `${p.path}: ${p.message}`), [
      'clusters.lab.apps.plex.manifests[2]: manifests/bad.yaml: document 1 has no metadata.name',
      'clusters.lab.apps.plex.manifests[2]: manifests/bad.yaml: document 2 has no apiVersion',
      'clusters.lab.apps.plex.manifests[3]: other/plex-config.yaml and manifests/plex-config.yaml would both be manifest-plex-config.yaml in the app folder',
    ]);
  });

  it('an absolute path, a folder, an empty file, invalid YAML, a List, a kustomization and a sops-encrypted file are refused', () => {
    const proj = project((p) => plex(p).manifests.push('/etc/hosts.yaml', 'manifests/dir.yaml', 'manifests/empty.yaml', 'manifests/list.yaml', 'manifests/kustomization.yaml', 'manifests/token.sops.yaml', 'manifests/broken.yaml'));
    writeFileSync(join(proj, 'manifests', 'broken.yaml'), 'apiVersion: v1\nkind: [ConfigMap\n');
    writeFileSync(join(proj, 'manifests', 'token.sops.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  token: ENC[AES256_GCM,data:x,type:str]\nsops:\n  mac: ENC[AES256_GCM,data:y,type:str]\n');
    mkdirSync(join(proj, 'manifests', 'dir.yaml'));
    writeFileSync(join(proj, 'manifests', 'empty.yaml'), '# nothing yet\n---\n');
    writeFileSync(join(proj, 'manifests', 'list.yaml'), 'apiVersion: v1\nkind: ConfigMapList\nitems: []\nmetadata: { name: x }\n');
    writeFileSync(join(proj, 'manifests', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nmetadata: { name: x }\nresources: []\n');
    // The parser's own words follow "is not valid YAML: ".
    assert.deepEqual(problemsOf(proj).map((p) => `${p.path}: ${p.message.replace(/(is not valid YAML): .*/, '$1')}`), [
      `clusters.lab.apps.plex.manifests[2]: "/etc/hosts.yaml" is absolute; manifests are read relative to the project directory ${proj}`,
      'clusters.lab.apps.plex.manifests[3]: manifests/dir.yaml is not a regular file',
      'clusters.lab.apps.plex.manifests[4]: manifests/empty.yaml holds no objects',
      'clusters.lab.apps.plex.manifests[5]: manifests/list.yaml: document 1 is a ConfigMapList (write its items as separate documents)',
      'clusters.lab.apps.plex.manifests[6]: manifests/kustomization.yaml: document 1 is a kustomization, not an object (list its resources instead)',
      'clusters.lab.apps.plex.manifests[7]: manifests/token.sops.yaml: document 1 is encrypted with sops; copies are re-emitted and would no longer decrypt (with sops secrets, declare it in apps.<name>.secrets and keep it in the app folder as secret-<name>.sops.yaml)',
      'clusters.lab.apps.plex.manifests[8]: manifests/broken.yaml: document 1 is not valid YAML',
    ]);
  });

  it('an app without manifests has none in its model (no file is read)', () => {
    const proj = project((p) => delete plex(p).manifests);
    const app = kubeClusters(loadLab(join(proj, 'lab.yaml'), { projectDir: proj }))[0]!.gitops!.apps.find((a) => a.name === 'plex')!;
    assert.equal(app.manifests, undefined);
    assert.equal(app.patches?.length, 2);
  });
});
