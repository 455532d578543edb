import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { synth } from '../../src/synth/synth';
import { validate } from '../../src/validate/validate';
import { profilePath } from '../support/paths';

const quiet = { out: () => {}, err: () => {} };

/** Every file under `dir` (relative path -> content), without synth's lock and journal. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    if (statSync(join(dir, f)).isFile() && !f.startsWith('.homelab-synth')) out[f] = readFileSync(join(dir, f), 'utf8');
  }
  return out;
}

describe('synth() options mean what the CLI flags mean', () => {
  it('writes the same files for the same relative --out/--inventory/--state-dir as outDir/inventory/stateDir, all inside the project', async () => {
    // The current directory (the repository) is not the project: relative paths must not land in it.
    const viaCli = mkdtempSync(join(tmpdir(), 'homelab-flags-cli-'));
    const viaLib = mkdtempSync(join(tmpdir(), 'homelab-flags-lib-'));
    const profile = profilePath('flux-layered');
    assert.equal(await run(['node', 'homelab', 'synth', '-q', '-p', profile, '--project', viaCli, '-o', 'build/tf', '--inventory', 'docs/lab.md', '--state-dir', 'state'], quiet), 0);
    await synth({ profile, projectDir: viaLib, outDir: 'build/tf', inventory: 'docs/lab.md', stateDir: 'state' });
    const cli = files(viaCli);
    assert.ok('build/tf/stacks/flux-layered/cdk.tf.json' in cli, Object.keys(cli).join(', '));
    assert.ok('docs/lab.md' in cli);
    const stack = JSON.parse(cli['build/tf/stacks/flux-layered/cdk.tf.json']!);
    assert.equal(stack.terraform.backend.local.path, '../../../../state/terraform.flux-layered.tfstate');
    assert.deepEqual(Object.keys(files(viaLib)), Object.keys(cli));
    assert.deepEqual(files(viaLib), cli);
  });

  it('uses the same defaults (cdktf.out, docs/inventory.md) when neither names them', async () => {
    const viaCli = mkdtempSync(join(tmpdir(), 'homelab-flags-cli-'));
    const viaLib = mkdtempSync(join(tmpdir(), 'homelab-flags-lib-'));
    const profile = profilePath('default');
    assert.equal(await run(['node', 'homelab', 'synth', '-q', '-p', profile, '--project', viaCli, '--no-inventory'], quiet), 0);
    await synth({ profile, projectDir: viaLib, inventory: false });
    assert.deepEqual(files(viaLib), files(viaCli));
    assert.ok('cdktf.out/stacks/default/cdk.tf.json' in files(viaCli));
  });

  it('validate(): --out relative to --project, like outDir relative to projectDir', async () => {
    const project = mkdtempSync(join(tmpdir(), 'homelab-flags-validate-'));
    const profile = profilePath('default');
    const lines: string[] = [];
    const code = await run(['node', 'homelab', 'validate', '--format', 'json', '-p', profile, '--project', project, '-o', '../elsewhere'], { out: (l) => lines.push(l), err: () => {} });
    const lib = await validate({ profile, projectDir: project, outDir: '../elsewhere' });
    const cli = JSON.parse(lines.join('\n')) as { id: string; path: string; message: string }[];
    assert.equal(code, 1);
    assert.deepEqual(cli.map((f) => f.id), ['HL-PATH-001']);
    assert.deepEqual(cli.map((f) => [f.id, f.path, f.message]), lib.findings.map((f) => [f.id, f.path, f.message]));
  });
});
