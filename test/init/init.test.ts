import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors';
import { init } from '../../src/init/init';
import { loadLab } from '../../src/model/load';
import { validateLab } from '../../src/validate/validate';

describe('homelab init', () => {
  it('scaffolds a repo whose profile validates', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'homelab-init-')), 'my-lab');
    const result = await init({ dir, engine: 'argocd' });
    assert.deepEqual([...result.files].sort(), ['.envrc.example', '.github/workflows/homelab.yaml', '.gitignore', 'README.md', 'package.json', 'profiles/lab.yaml', 'renovate.json']);
    const profile = readFileSync(join(dir, 'profiles', 'lab.yaml'), 'utf8');
    assert.match(profile, /^# yaml-language-server: \$schema=\.\.\/node_modules\/homelab-cdk\/schema\/profile\.schema\.json\n/);
    const lab = loadLab(join(dir, 'profiles', 'lab.yaml'));
    assert.equal(lab.name, 'my-lab');
    assert.equal(lab.clusters[0]!.gitops!.engine, 'argocd');
    assert.deepEqual(validateLab(lab).filter((f) => f.severity === 'error'), []);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^cdktf\.out\/$/m);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^kubeconfig$/m);
    const workflow = readFileSync(join(dir, '.github', 'workflows', 'homelab.yaml'), 'utf8');
    assert.match(workflow, /^# yaml-language-server: \$schema=https:\/\/json\.schemastore\.org\/github-workflow\.json\n/);
    assert.match(workflow, /run: npx homelab validate\n/);
    assert.match(workflow, /run: npx homelab synth --check\n/);
    assert.match(workflow, /homelab diff --base origin\/main --format markdown/);
    assert.match(readFileSync(join(dir, '.envrc.example'), 'utf8'), /PROXMOX_VE_API_TOKEN/);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // Run from this checkout (not from node_modules): the scaffold installs this folder.
    assert.equal(pkg.dependencies['homelab-cdk'], `file:${realpathSync(join(__dirname, '..', '..', '..'))}`);
    assert.equal(result.dependency, pkg.dependencies['homelab-cdk']);
    assert.equal(pkg.homelab.profile, 'profiles/lab.yaml');
    assert.match(profile, /then: npx homelab validate && npx homelab synth\n/);
  });

  it('refuses to overwrite and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-init-'));
    writeFileSync(join(dir, 'README.md'), 'mine');
    await assert.rejects(init({ dir }), (err: unknown) => err instanceof UsageError && /README\.md/.test(err.message));
    assert.equal(readFileSync(join(dir, 'README.md'), 'utf8'), 'mine');
    assert.throws(() => readFileSync(join(dir, 'profiles', 'lab.yaml')));
  });
});

describe('profiles produced by code', () => {
  it('loads a CommonJS module exporting the profile (or a function returning it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-code-'));
    const yaml = readFileSync(join(__dirname, '..', '..', '..', 'profiles', 'default.yaml'), 'utf8');
    const object = require('yaml').parse(yaml);
    object.name = 'from-code';
    writeFileSync(join(dir, 'lab.js'), `module.exports = () => (${JSON.stringify(object)});\n`);
    assert.equal(loadLab(join(dir, 'lab.js')).name, 'from-code');
  });

  it('asks for a compiled file when given TypeScript', () => {
    assert.throws(() => loadLab('lab.ts'), /must be compiled first/);
  });
});

describe('homelab init --k3s', () => {
  it('scaffolds a K3s profile (template from a cloud image, a server, an agent) that validates', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'homelab-init-')), 'k3s-lab');
    await init({ dir, distribution: 'k3s', dependency: '^0.1.0' });
    assert.equal(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies['homelab-cdk'], '^0.1.0');
    const saved = process.env.K3S_SSH_PUBLIC_KEY;
    process.env.K3S_SSH_PUBLIC_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2b3Aw5Q5rG2V7cM2l7c9rQ7v8s4m7bX0VZ1zYbR6nL test';
    try {
      const lab = loadLab(join(dir, 'profiles', 'lab.yaml'));
      assert.deepEqual(lab.k3sClusters.map((c) => c.name), ['main']);
      // the fetch command writes the per-cluster default, which .envrc.example exports
      assert.equal(lab.k3sClusters[0]!.kubeconfigPath, 'generated/main/kubeconfig');
      assert.deepEqual(lab.clusters, []);
      assert.deepEqual(validateLab(lab).filter((f) => f.severity === 'error'), []);
    } finally {
      if (saved === undefined) delete process.env.K3S_SSH_PUBLIC_KEY;
      else process.env.K3S_SSH_PUBLIC_KEY = saved;
    }
    assert.match(readFileSync(join(dir, '.envrc.example'), 'utf8'), /K3S_SSH_PUBLIC_KEY/);
    assert.match(readFileSync(join(dir, '.envrc.example'), 'utf8'), /^export KUBECONFIG=\$PWD\/generated\/main\/kubeconfig$/m);
  });
});

describe('renovate.json of the scaffold', () => {
  it('finds every chart version of the reference profiles (the profile is what Renovate updates)', () => {
    const { RENOVATE_MATCH_STRINGS } = require('../../src/init/templates') as typeof import('../../src/init/templates');
    const count = (text: string) => Object.values(RENOVATE_MATCH_STRINGS).reduce((n, re) => n + [...text.matchAll(new RegExp(re, 'g'))].length, 0);
    const root = join(__dirname, '..', '..', '..', 'profiles');
    for (const profile of ['triple-nic-mayastor', 'single-node-gpu', 'flux-layered', 'k3s-three-node']) {
      const text = readFileSync(join(root, `${profile}.yaml`), 'utf8');
      const charts = [...text.matchAll(/chart:/g)].length;
      assert.equal(count(text), charts, `${profile}: every chart: entry is matched once`);
    }
    const flux = readFileSync(join(root, 'flux-layered.yaml'), 'utf8');
    const m = new RegExp(RENOVATE_MATCH_STRINGS.helmFlow).exec(flux)!;
    assert.deepEqual([m.groups!.registryUrl, m.groups!.depName, m.groups!.currentValue], ['https://helm.cilium.io', 'cilium', '1.18.4']);
  });
  it('follows the pinned Talos, Kubernetes, Flux and K3s versions on GitHub releases, env defaults included', () => {
    const { RENOVATE_VERSIONS, versionMatchString, renovateConfig } = require('../../src/init/templates') as typeof import('../../src/init/templates');
    const root = join(__dirname, '..', '..', '..', 'profiles');
    const found = (profile: string) => RENOVATE_VERSIONS.flatMap((v) =>
      [...readFileSync(join(root, `${profile}.yaml`), 'utf8').matchAll(new RegExp(versionMatchString(v.key), 'g'))].map((m) => `${v.repo}@${m.groups!.currentValue}`));
    assert.deepEqual(found('triple-nic-mayastor'), ['siderolabs/talos@v1.13.0', 'kubernetes/kubernetes@v1.33.6']);
    assert.deepEqual(found('k3s-three-node'), ['k3s-io/k3s@v1.33.6+k3s1']);
    assert.deepEqual(RENOVATE_VERSIONS.map((v) => new RegExp(versionMatchString(v.key)).exec(`  ${v.key}: "v2.9.4"`)?.groups?.currentValue), ['v2.9.4', 'v2.9.4', 'v2.9.4', 'v2.9.4']);
    const managers = JSON.parse(renovateConfig()).customManagers as { datasourceTemplate: string; depNameTemplate?: string }[];
    assert.deepEqual(managers.filter((m) => m.datasourceTemplate === 'github-releases').map((m) => m.depNameTemplate), ['siderolabs/talos', 'kubernetes/kubernetes', 'fluxcd/flux2', 'k3s-io/k3s']);
  });
});
