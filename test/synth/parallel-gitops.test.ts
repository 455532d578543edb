/**
 * GitOps trees staged in a worker thread (src/synth/parallel-gitops.ts) are the same bytes as staged in the main
 * thread, with the same result; small labs and profiles given as objects stay in the main thread.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLab } from '../../src/model/load';
import { stagesInParallel } from '../../src/synth/parallel-gitops';
import { synth } from '../../src/synth/synth';
import { profilePath } from '../support/paths';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    if (statSync(join(dir, f)).isFile()) out[f] = readFileSync(join(dir, f), 'utf8');
  }
  return out;
}

async function synthWith(setting: string, profile: string) {
  const dir = mkdtempSync(join(tmpdir(), `homelab-par-${setting}-`));
  process.env.HOMELAB_PARALLEL_GITOPS = setting;
  try {
    const result = await synth({ profile, projectDir: dir });
    return { dir, result };
  } finally {
    delete process.env.HOMELAB_PARALLEL_GITOPS;
  }
}

describe('GitOps trees staged in a worker thread', () => {
  for (const name of ['flux-layered', 'single-node-gpu']) {
    it(`${name}: the same files and the same result as in the main thread`, async () => {
      const main = await synthWith('0', profilePath(name));
      const worker = await synthWith('1', profilePath(name));
      const a = tree(main.dir);
      const b = tree(worker.dir);
      assert.ok(Object.keys(a).some((f) => f.startsWith('gitops/') || f.includes('/kubernetes/')), 'a GitOps tree was written');
      assert.deepEqual(Object.keys(b), Object.keys(a));
      for (const f of Object.keys(a)) assert.equal(b[f], a[f], f);
      assert.deepEqual(worker.result.gitops, main.result.gitops);
      assert.deepEqual(worker.result.notes, main.result.notes);
    });
  }

  it('is used for profile files of labs with many apps, or when forced', () => {
    const lab = loadLab(profilePath('flux-layered'));
    assert.equal(stagesInParallel(profilePath('flux-layered'), lab, {}), false, 'a reference lab is below the threshold');
    assert.equal(stagesInParallel(profilePath('flux-layered'), lab, { HOMELAB_PARALLEL_GITOPS: '1' }), true);
    assert.equal(stagesInParallel({ name: 'x' }, lab, { HOMELAB_PARALLEL_GITOPS: '1' }), false, 'a profile object is not re-read in a thread');
    assert.equal(stagesInParallel(profilePath('default'), loadLab(profilePath('default')), { HOMELAB_PARALLEL_GITOPS: '1' }), false, 'no GitOps tree');
  });
});
