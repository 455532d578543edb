/**
 * Path safety: every output path (gitops.path, kubeconfigPath, talosconfigPath, --out, --inventory) that
 * would leave the project, be the project root, contain the profile or overlap another output is refused by
 * validate with its rule id, and synth writes nothing at all (the project is byte-for-byte unchanged).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { ValidationError } from '../../src/errors';
import { synth } from '../../src/synth/synth';
import { validate } from '../../src/validate/validate';
import { assertSameTree, makeProject, snapshot } from './project';

// The K3s profile needs its SSH key from the environment.
process.env.K3S_SSH_PUBLIC_KEY ??= 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2b3Aw5Q5rG2V7cM2l7c9rQ7v8s4m7bX0VZ1zYbR6nL test';

const TALOS = 'triple-nic-mayastor';
const K3S = 'k3s-three-node';
const gitopsPath = (v: string) => (t: string) => t.replace('    gitops:\n      engine: argocd\n', `    gitops:\n      engine: argocd\n      path: ${v}\n`);
const talosKubeconfig = (v: string) => (t: string) => t.replace('    kubeconfigPath: generated/kubeconfig\n', `    kubeconfigPath: ${v}\n`);
const talosconfig = (v: string) => (t: string) => t.replace('    kubeconfigPath: generated/kubeconfig\n', `    kubeconfigPath: generated/kubeconfig\n    talosconfigPath: ${v}\n`);
const k3sKubeconfig = (v: string) => (t: string) => t.replace('    type: k3s\n', `    type: k3s\n    kubeconfigPath: ${v}\n`);

interface Case {
  readonly name: string;
  readonly profile: string;
  readonly edit: (t: string) => string;
  readonly id: string;
  readonly path: string;
}

const CASES: Case[] = [
  { name: 'gitops.path "." replaces the project', profile: TALOS, edit: gitopsPath('"."'), id: 'HL-PATH-002', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path "" is the project', profile: TALOS, edit: gitopsPath('""'), id: 'HL-PATH-002', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path a/.. is the project', profile: TALOS, edit: gitopsPath('gitops/..'), id: 'HL-PATH-002', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path ../x leaves the project', profile: TALOS, edit: gitopsPath('../x'), id: 'HL-PATH-001', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path ../../escaped', profile: TALOS, edit: gitopsPath('../../escaped'), id: 'HL-PATH-001', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path /srv/x is absolute', profile: TALOS, edit: gitopsPath('/srv/x'), id: 'HL-PATH-001', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path holding the profile', profile: TALOS, edit: gitopsPath('profiles'), id: 'HL-PATH-002', path: 'clusters.main.gitops.path' },
  { name: 'gitops.path inside cdktf.out', profile: TALOS, edit: gitopsPath('cdktf.out/gitops'), id: 'HL-PATH-003', path: 'clusters.main.gitops.path' },
  { name: 'Talos kubeconfigPath ../kubeconfig', profile: TALOS, edit: talosKubeconfig('../kubeconfig'), id: 'HL-PATH-001', path: 'clusters.main.kubeconfigPath' },
  { name: 'Talos kubeconfigPath "."', profile: TALOS, edit: talosKubeconfig('"."'), id: 'HL-PATH-002', path: 'clusters.main.kubeconfigPath' },
  { name: 'Talos kubeconfigPath inside the GitOps tree', profile: TALOS, edit: talosKubeconfig('gitops/main/kubeconfig'), id: 'HL-PATH-003', path: 'clusters.main.kubeconfigPath' },
  { name: 'Talos kubeconfigPath is the profile', profile: TALOS, edit: talosKubeconfig('profiles/lab.yaml'), id: 'HL-PATH-002', path: 'clusters.main.kubeconfigPath' },
  { name: 'talosconfigPath ../../talosconfig', profile: TALOS, edit: talosconfig('generated/../../talosconfig'), id: 'HL-PATH-001', path: 'clusters.main.talosconfigPath' },
  { name: 'talosconfigPath the same file as the kubeconfig', profile: TALOS, edit: talosconfig('generated/kubeconfig'), id: 'HL-PATH-003', path: 'clusters.main.talosconfigPath' },
  { name: 'K3s kubeconfigPath ../kubeconfig', profile: K3S, edit: k3sKubeconfig('../kubeconfig'), id: 'HL-PATH-001', path: 'clusters.k3s.kubeconfigPath' },
];

describe('robustness: output paths from the profile stay inside the project', () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.id} at ${c.path}; synth writes nothing`, async () => {
      const p = makeProject(c.profile, c.edit);
      const result = await validate({ profile: p.profile, projectDir: p.dir });
      const hit = result.findings.find((f) => f.id === c.id && f.path === c.path);
      assert.ok(hit, `expected ${c.id} at ${c.path}, got ${JSON.stringify(result.findings.map((f) => [f.id, f.path, f.message]))}`);
      assert.equal(hit.severity, 'error');
      assert.match(hit.fix, /\S/);
      assert.match(hit.file ?? '', /lab\.yaml$/);
      assert.ok((hit.line ?? 0) > 1, 'the finding has the line of the field');
      const before = snapshot(p.dir);
      await assert.rejects(synth({ profile: p.profile, projectDir: p.dir }), ValidationError);
      assertSameTree(snapshot(p.dir), before);
    });
  }

  it('an absolute kubeconfigPath is allowed (documented)', async () => {
    const p = makeProject(TALOS, talosKubeconfig('/root/.kube/lab-config'));
    const result = await validate({ profile: p.profile, projectDir: p.dir });
    assert.deepEqual(result.findings.filter((f) => f.id.startsWith('HL-PATH')), []);
  });

  it('a GitOps folder that is a symbolic link out of the project is refused (HL-PATH-001)', async () => {
    const p = makeProject(TALOS);
    const elsewhere = mkdtempSync(join(tmpdir(), 'homelab-elsewhere-'));
    symlinkSync(elsewhere, join(p.dir, 'gitops'));
    const result = await validate({ profile: p.profile, projectDir: p.dir });
    const hit = result.findings.find((f) => f.id === 'HL-PATH-001');
    assert.equal(hit?.path, 'clusters.main.gitops.path');
    assert.match(hit!.message, /through a symbolic link/);
    const before = snapshot(p.dir);
    await assert.rejects(synth({ profile: p.profile, projectDir: p.dir }), ValidationError);
    assertSameTree(snapshot(p.dir), before);
    assert.deepEqual(snapshot(elsewhere), {});
  });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('robustness: --out and --inventory stay inside the project', () => {
  const cli = [
    { name: '--out . (the project)', args: (d: string) => ['-o', d], id: 'HL-PATH-002', path: '--out' },
    { name: '--out profiles (holds the profile)', args: (d: string) => ['-o', join(d, 'profiles')], id: 'HL-PATH-002', path: '--out' },
    { name: '--out ../out (outside)', args: (d: string) => ['-o', join(d, '..', 'out')], id: 'HL-PATH-001', path: '--out' },
    { name: '--out gitops/main (the GitOps tree)', args: (d: string) => ['-o', join(d, 'gitops', 'main')], id: 'HL-PATH-003', path: 'clusters.main.gitops.path' },
    { name: '--inventory ../inventory.md (outside)', args: () => ['--inventory', '../inventory.md'], id: 'HL-PATH-001', path: '--inventory' },
    { name: '--inventory profiles/lab.yaml (the profile)', args: () => ['--inventory', 'profiles/lab.yaml'], id: 'HL-PATH-002', path: '--inventory' },
    { name: '--inventory cdktf.out/inventory.md (inside --out)', args: () => ['--inventory', 'cdktf.out/inventory.md'], id: 'HL-PATH-003', path: '--inventory' },
  ];
  for (const c of cli) {
    it(`${c.name}: exit 1, ${c.id} ${c.path}, nothing written`, async () => {
      const p = makeProject(TALOS);
      const before = snapshot(p.dir);
      const io = capture();
      const code = await run(['node', 'homelab', 'synth', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out'), ...c.args(p.dir)], io.io);
      assert.equal(code, 1, io.err.join('\n'));
      assert.ok(io.err.some((l) => l.includes(`error ${c.id} ${c.path}: `) && l.includes('; fix: ')), io.err.join('\n'));
      assertSameTree(snapshot(p.dir), before);
      const v = capture();
      assert.equal(await run(['node', 'homelab', 'validate', '-p', p.profile, '--project', p.dir, '-o', join(p.dir, 'cdktf.out'), ...c.args(p.dir)], v.io), 1);
      assert.ok(v.out.some((l) => l.includes(`[${c.id}]`) && l.includes(`${c.path}: `)), v.out.join('\n'));
    });
  }

  it('a project with a cdktf.out symlinked into the project is fine (resolves inside)', async () => {
    const p = makeProject(TALOS);
    mkdirSync(join(p.dir, 'build'));
    symlinkSync(join(p.dir, 'build'), join(p.dir, 'out-link'));
    const result = await validate({ profile: p.profile, projectDir: p.dir, outDir: join(p.dir, 'out-link', 'tf') });
    assert.deepEqual(result.findings.filter((f) => f.id.startsWith('HL-PATH')), []);
  });
  it('--state-dir outside the project (HL-PATH-001) or inside --out, where --prune would remove the state (HL-PATH-003), is refused', async () => {
    for (const [stateDir, id] of [['../state', 'HL-PATH-001'], ['cdktf.out', 'HL-PATH-003'], ['cdktf.out/state', 'HL-PATH-003'], ['gitops/main', 'HL-PATH-003']] as const) {
      const p = makeProject(TALOS);
      const before = snapshot(p.dir);
      await assert.rejects(synth({ profile: p.profile, projectDir: p.dir, stateDir }), (e: unknown) =>
        e instanceof ValidationError && e.findings.some((f) => f.id === id && f.path === '--state-dir'), stateDir);
      assertSameTree(snapshot(p.dir), before);
    }
    const ok = makeProject(TALOS);
    await synth({ profile: ok.profile, projectDir: ok.dir, stateDir: 'state' });
  });
});
