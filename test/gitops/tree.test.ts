import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { synth } from '../../src/synth/synth';
import { GITOPS_PROFILES, gitopsOf, objectsOf, writtenTree } from '../support/gitops';
import { validateK8sObjects } from '../support/k8s-schema';
import { kustomizeBuildMany } from '../support/kustomize';
import { profilePath } from '../support/paths';

function foldersWithKustomization(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('kustomization.yaml')).map((f) => join(root, f, '..')).sort();
}

describe('GitOps tree', () => {
  for (const profile of GITOPS_PROFILES) {
    it(`${profile}: every object validates against its CRD or the Kubernetes 1.33 schema`, () => {
      const objects = objectsOf(profile).map((o) => o.object);
      assert.ok(objects.length > 10);
      assert.deepEqual(validateK8sObjects(objects), []);
    });

    it(`${profile}: every folder builds with kustomize`, async (t) => {
      const dir = await writtenTree(profile);
      const root = join(dir, gitopsOf(profile).path);
      const folders = foldersWithKustomization(root);
      assert.ok(folders.length > 0);
      const results = await kustomizeBuildMany(folders);
      if (results[0]!.skipped) return t.skip(results[0]!.skipped);
      results.forEach((r, i) => assert.ok(r.ok, `${folders[i]}: ${r.error}`));
    });

    it(`${profile}: no Secret object carries data`, () => {
      const secrets = objectsOf(profile).filter((o) => o.object.kind === 'Secret');
      assert.deepEqual(secrets, []);
    });
  }

  it('is byte-identical on re-run, keeps SOPS-encrypted files and (with prune) removes files synth did not write', async () => {
    const dir = await writtenTree('single-node-gpu');
    const root = join(dir, 'gitops', 'home');
    const snapshot = () => Object.fromEntries((readdirSync(root, { recursive: true }) as string[]).sort().filter((f) => !f.endsWith('/')).flatMap((f) => {
      try { return [[f, readFileSync(join(root, f), 'utf8')]]; } catch { return []; }
    }));
    const before = snapshot();
    writeFileSync(join(root, 'apps', 'stale.yaml'), 'kind: Stale\n');
    writeFileSync(join(root, 'apps', 'forgejo', 'app', 'secret-forgejo-admin.sops.yaml'), 'sops: encrypted\n');
    const kept = await synth({ profile: profilePath('single-node-gpu'), projectDir: dir });
    assert.deepEqual(kept.kept, ['gitops/home/apps/stale.yaml']);
    assert.equal(existsSync(join(root, 'apps', 'stale.yaml')), true);
    const pruned = await synth({ profile: profilePath('single-node-gpu'), projectDir: dir, prune: true });
    assert.deepEqual(pruned.pruned, ['gitops/home/apps/stale.yaml']);
    assert.equal(existsSync(join(root, 'apps', 'stale.yaml')), false);
    assert.equal(readFileSync(join(root, 'apps', 'forgejo', 'app', 'secret-forgejo-admin.sops.yaml'), 'utf8'), 'sops: encrypted\n');
    const after = snapshot();
    delete after['.homelab-manifest.json'];
    delete before['.homelab-manifest.json'];
    assert.match(after['apps/forgejo/app/kustomization.yaml']!, /- secret-forgejo-admin\.sops\.yaml/);
    delete after['apps/forgejo/app/secret-forgejo-admin.sops.yaml'];
    delete after['apps/forgejo/app/kustomization.yaml'];
    delete before['apps/forgejo/app/kustomization.yaml'];
    assert.deepEqual(after, before);
  });
});
