import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { profilePath } from '../support/paths';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const synthArgs = (dir: string, ...rest: string[]) => ['node', 'homelab', 'synth', profilePath('flux-layered'), '-o', join(dir, 'cdktf.out'), '--project', dir, ...rest];

describe('homelab synth --check', () => {
  it('exits 0 right after synth, 2 naming the changed, missing and stale files, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-check-'));
    assert.equal(await run(synthArgs(dir, '-q'), capture().io), 0);
    const clean = capture();
    assert.equal(await run(synthArgs(dir, '--check'), clean.io), 0, clean.err.join('\n'));
    assert.equal(clean.out.at(-1), 'up to date: .sops.yaml, cdktf.out/, clusters/main/kubernetes/, docs/inventory.md');

    const tree = 'clusters/main/kubernetes';
    const ks = join(dir, tree, 'flux', 'flux-system', 'kustomization.yaml');
    writeFileSync(ks, `${readFileSync(ks, 'utf8')}# edited\n`);
    rmSync(join(dir, 'docs', 'inventory.md'));
    const manifest = join(dir, tree, '.homelab-manifest.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    m.files.push('old/app.yaml');
    writeFileSync(manifest, JSON.stringify(m));
    mkdirSync(join(dir, tree, 'old'));
    writeFileSync(join(dir, tree, 'old', 'app.yaml'), 'kind: ConfigMap\n');
    const before = readdirSync(dir).sort();

    const c = capture();
    assert.equal(await run(synthArgs(dir, '--check'), c.io), 2);
    assert.deepEqual(c.out.slice(0, -1), [
      `differs: ${tree}/.homelab-manifest.json`,
      `differs: ${tree}/flux/flux-system/kustomization.yaml`,
      `stale: ${tree}/old/app.yaml`,
      'missing: docs/inventory.md',
    ]);
    assert.match(c.out.at(-1)!, /^4 file\(s\) differ from what the profile produces/);
    assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written (no staging folders, no lock)');
    assert.equal(existsSync(join(dir, 'docs', 'inventory.md')), false);
  });

  it('compares Terraform output only when the output folder exists (the scaffold gitignores it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-check-'));
    assert.equal(await run(synthArgs(dir, '-q'), capture().io), 0);
    rmSync(join(dir, 'cdktf.out'), { recursive: true });
    const c = capture();
    assert.equal(await run(synthArgs(dir, '--check'), c.io), 0);
    assert.doesNotMatch(c.out.at(-1)!, /cdktf\.out/);
    const tf = join(dir, 'cdktf.out');
    assert.equal(await run(synthArgs(dir, '-q'), capture().io), 0);
    const stack = join(tf, 'stacks', readdirSync(join(tf, 'stacks'))[0]!, 'cdk.tf.json');
    writeFileSync(stack, '{}');
    const d = capture();
    assert.equal(await run(synthArgs(dir, '--check'), d.io), 2);
    assert.match(d.out[0]!, /^differs: cdktf\.out\/stacks\/[\w-]+\/cdk\.tf\.json$/);
  });
});
