import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { diff, render } from '../../src/diff/diff';
import { synth } from '../../src/synth/synth';
import { splitLab } from '../support/split-lab';

const L = 'k3s-three-node';

/** Synthesizes `before` into <dir>/cdktf.out, then diffs `after` (same profile path) against it. */
async function diffSplit(before: object, after: object) {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-split-diff-'));
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, stringify(before));
  await synth({ profile: file, projectDir: dir, outDir: join(dir, 'cdktf.out'), inventory: false });
  writeFileSync(file, stringify(after));
  return diff({ profile: file, baseDir: join(dir, 'cdktf.out'), projectDir: dir });
}

describe('homelab diff on split stacks', () => {
  it('names the one stack that changed, in every renderer', async () => {
    const r = await diffSplit(splitLab('per-cluster'), splitLab('per-cluster', (p) => { p.clusters.k3s.agents[0].memoryMiB = 24576; }));
    assert.deepEqual(r.changedStacks, [`${L}-k3s`]);
    assert.deepEqual(r.stacks.filter((s) => s.objects.length).map((s) => s.name), [`${L}-k3s`]);
    assert.ok(render(r, 'text').includes(`stacks to plan, in apply order: ${L}-k3s`));
    assert.ok(render(r, 'markdown').includes(`Stacks to plan, in apply order: \`${L}-k3s\``));
    assert.deepEqual(JSON.parse(render(r, 'json').join('\n')).changedStacks, [`${L}-k3s`]);
  });

  it('lists changed stacks in apply order', async () => {
    const r = await diffSplit(splitLab('per-cluster'), splitLab('per-cluster', (p) => {
      p.clusters.k3s.agents[0].memoryMiB = 24576;
      p.clusters.talos.workers[0].cores = 6;
      p.vms.tools.cores = 4;
    }));
    assert.deepEqual(r.changedStacks, [L, `${L}-talos`, `${L}-k3s`]);
  });

  it('says which resources move between stacks when the mode changes, with the state commands', async () => {
    const r = await diffSplit(splitLab('single'), splitLab('per-cluster'));
    const note = r.notes.find((n) => n.includes(`from stack ${L} to stack ${L}-talos`));
    assert.ok(note, r.notes.join('\n'));
    assert.match(note!, /^\d+ resource\(s\) move from stack k3s-three-node to stack k3s-three-node-talos \(/);
    assert.match(note!, /terraform state mv -state=terraform\.k3s-three-node\.tfstate -state-out=terraform\.k3s-three-node-talos\.tfstate <address> <address>/);
    assert.ok(r.notes.some((n) => n.includes(`to stack ${L}-k3s (`)));
    assert.ok(render(r, 'text').some((l) => l.startsWith('note: ') && l.includes('move from stack')));
  });

  it('prints no stack line for a lab with one stack', async () => {
    const one = (p: any) => { delete p.proxmox.access; };
    const r = await diffSplit(splitLab('single', one), splitLab('single', (p) => { one(p); p.vms.tools.cores = 4; }));
    assert.deepEqual(r.changedStacks, [L]);
    assert.equal(render(r, 'text').some((l) => l.startsWith('stacks to plan')), false);
  });
});
