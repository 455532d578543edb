/**
 * Ownership: synth replaces only the files it wrote. A file of the user's inside a generated tree is kept and
 * reported (or removed with prune and listed); a hand-written inventory is left alone (or overwritten with
 * force); a hand-written file where synth now generates one stops synth (or is overwritten with force);
 * stale staging of an older run is removed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { inventoryMarkdown } from '../../src/inventory/inventory';
import { loadLab } from '../../src/model/load';
import { INVENTORY_MARK, MANIFEST_FILE, listTree } from '../../src/synth/ownership';
import { synth } from '../../src/synth/synth';
import { OutputError } from '../../src/errors';
import { profilePath } from '../support/paths';
import { leftovers, makeProject } from './project';

const TALOS = 'triple-nic-mayastor';

describe('robustness: synth owns only the files it wrote', () => {
  it('each tree carries a manifest listing exactly the files synth wrote', async () => {
    const p = makeProject(TALOS);
    await synth({ profile: p.profile, projectDir: p.dir });
    for (const tree of ['cdktf.out', join('gitops', 'main')]) {
      const manifest = JSON.parse(readFileSync(join(p.dir, tree, MANIFEST_FILE), 'utf8'));
      assert.deepEqual(manifest.files, listTree(join(p.dir, tree), () => false).filter((f) => f !== MANIFEST_FILE));
    }
    assert.ok(JSON.parse(readFileSync(join(p.dir, 'cdktf.out', MANIFEST_FILE), 'utf8')).files.includes('stacks/triple-nic-mayastor/cdk.tf.json'));
  });

  it('a hand-written file in the GitOps tree is kept and reported; with --prune it is removed and listed', async () => {
    const p = makeProject(TALOS);
    await synth({ profile: p.profile, projectDir: p.dir });
    const extra = join(p.dir, 'gitops', 'main', 'my-extra.yaml');
    writeFileSync(extra, 'kind: ConfigMap\n');
    const kept = await synth({ profile: p.profile, projectDir: p.dir });
    assert.equal(readFileSync(extra, 'utf8'), 'kind: ConfigMap\n');
    assert.deepEqual(kept.kept, ['gitops/main/my-extra.yaml']);
    assert.ok(kept.notes.includes('gitops/main/my-extra.yaml: not written by homelab synth; kept (synth --prune removes it)'));
    const err: string[] = [];
    const code = await run(['node', 'homelab', 'synth', '-q', '--prune', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out')], { out: () => {}, err: (l) => err.push(l) });
    assert.equal(code, 0);
    assert.deepEqual(err, ['note: gitops/main/my-extra.yaml: not written by homelab synth; removed (--prune)']);
    assert.equal(existsSync(extra), false);
  });

  it('a file synth wrote earlier and no longer generates is removed without a note', async () => {
    const p = makeProject(TALOS);
    await synth({ profile: p.profile, projectDir: p.dir });
    writeFileSync(p.profile, readFileSync(p.profile, 'utf8').replace(/\n {6}media:\n[\s\S]*?\n(?=acknowledge:)/, '\n'));
    const r = await synth({ profile: p.profile, projectDir: p.dir });
    assert.equal(existsSync(join(p.dir, 'gitops', 'main', 'applications', 'media')), false);
    assert.deepEqual(r.kept, []);
  });

  it('a hand-written docs/inventory.md is left alone with a note; --force overwrites it', async () => {
    const p = makeProject(TALOS);
    const inv = join(p.dir, 'docs', 'inventory.md');
    mkdirSync(join(p.dir, 'docs'));
    writeFileSync(inv, '# My own notes\n');
    const r = await synth({ profile: p.profile, projectDir: p.dir });
    assert.equal(readFileSync(inv, 'utf8'), '# My own notes\n');
    assert.equal(r.inventory, undefined);
    assert.ok(r.notes.some((n) => n.startsWith('docs/inventory.md was not written by homelab synth: left as it is (run synth with --force')));
    const forced = await synth({ profile: p.profile, projectDir: p.dir, force: true });
    assert.equal(forced.inventory, inv);
    assert.equal(readFileSync(inv, 'utf8'), inventoryMarkdown(loadLab(p.profile)));
    // From now on it is synth's (it carries the mark) and is replaced without --force.
    assert.ok(readFileSync(inv, 'utf8').includes(INVENTORY_MARK));
    assert.equal((await synth({ profile: p.profile, projectDir: p.dir })).inventory, inv);
  });

  it('a hand-written file where synth now generates one stops synth (exit 3) unless --force', async () => {
    const p = makeProject(TALOS);
    await synth({ profile: p.profile, projectDir: p.dir });
    const manifestFile = join(p.dir, 'gitops', 'main', MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const victim = 'argocd/root.yaml';
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, files: manifest.files.filter((f: string) => f !== victim) }));
    writeFileSync(join(p.dir, 'gitops', 'main', victim), '# mine\n');
    await assert.rejects(synth({ profile: p.profile, projectDir: p.dir }), (e: Error) => e instanceof OutputError && e.message.startsWith('gitops/main/argocd/root.yaml: not written by homelab synth') && /--force/.test(e.message));
    assert.equal(readFileSync(join(p.dir, 'gitops', 'main', victim), 'utf8'), '# mine\n');
    assert.deepEqual(leftovers(p.dir), []);
    await synth({ profile: p.profile, projectDir: p.dir, force: true });
    assert.notEqual(readFileSync(join(p.dir, 'gitops', 'main', victim), 'utf8'), '# mine\n');
  });

  it('.sops.yaml changes with the trees: a synth refused for an edited generated file leaves the old one', async () => {
    const p = makeProject('single-node-gpu');
    await synth({ profile: p.profile, projectDir: p.dir });
    const sopsFile = join(p.dir, '.sops.yaml');
    const before = readFileSync(sopsFile, 'utf8');
    const tree = JSON.parse(readFileSync(join(p.dir, 'gitops', 'home', MANIFEST_FILE), 'utf8')).files as string[];
    const edited = join(p.dir, 'gitops', 'home', tree.find((f) => f.endsWith('.yaml'))!);
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}# my tweak\n`);
    writeFileSync(p.profile, readFileSync(p.profile, 'utf8').replace('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p', 'age1newrecipient000000000000000000000000000000000000000000000000000'));
    await assert.rejects(synth({ profile: p.profile, projectDir: p.dir }), OutputError);
    assert.equal(readFileSync(sopsFile, 'utf8'), before);
    assert.deepEqual(leftovers(p.dir), []);
    await synth({ profile: p.profile, projectDir: p.dir, force: true });
    assert.match(readFileSync(sopsFile, 'utf8'), /age1newrecipient0/);
  });

  it('a generated file edited by hand since the last synth stops synth (exit 3) unless --force; nothing is replaced', async () => {
    const p = makeProject(TALOS);
    await synth({ profile: p.profile, projectDir: p.dir });
    const file = join(p.dir, 'gitops', 'main', 'argocd', 'root.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}# my tweak\n`);
    const edited = readFileSync(file, 'utf8');
    const err: string[] = [];
    const code = await run(['node', 'homelab', 'synth', '-q', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out')], { out: () => {}, err: (l) => err.push(l) });
    assert.equal(code, 3);
    assert.deepEqual(err, ['error: gitops/main/argocd/root.yaml: written by homelab synth but changed since; synth would replace it. Move your changes into the profile (or copy the file away), then run synth again, or run synth with --force to overwrite; the previous output is unchanged.']);
    assert.equal(readFileSync(file, 'utf8'), edited);
    assert.deepEqual(leftovers(p.dir), []);
    await synth({ profile: p.profile, projectDir: p.dir, force: true });
    assert.doesNotMatch(readFileSync(file, 'utf8'), /my tweak/);
  });

  it('stale staging folders and files of an interrupted older run are removed', async () => {
    const p = makeProject(TALOS);
    mkdirSync(join(p.dir, '.cdktf.out.tmp-abc123', 'stacks'), { recursive: true });
    mkdirSync(join(p.dir, 'gitops', '.main.tmp-xyz.old'), { recursive: true });
    mkdirSync(join(p.dir, 'docs'));
    writeFileSync(join(p.dir, 'docs', 'inventory.md.tmp-4242'), 'half');
    const r = await synth({ profile: p.profile, projectDir: p.dir });
    assert.deepEqual(leftovers(p.dir), []);
    assert.ok(r.notes.includes('removed stale staging .cdktf.out.tmp-abc123'));
  });

  it('the inventory synth writes carries the mark that makes it synth\'s', () => {
    assert.ok(inventoryMarkdown(loadLab(profilePath('default'))).split('\n').slice(0, 4).includes(INVENTORY_MARK));
  });
});
