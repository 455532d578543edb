import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chooseProfile } from '../../src/cli/profile-arg';
import { run } from '../../src/cli/main';
import { UsageError } from '../../src/errors';
import { profilePath } from '../support/paths';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-profile-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe('which profile a command reads', () => {
  it('the argument or --profile first (both only when equal)', () => {
    const dir = project({ 'homelab.json': '{"profile":"profiles/x.yaml"}' });
    assert.equal(chooseProfile('a.yaml', undefined, dir), 'a.yaml');
    assert.equal(chooseProfile(undefined, 'b.yaml', dir), 'b.yaml');
    assert.equal(chooseProfile('a.yaml', 'a.yaml', dir), 'a.yaml');
    assert.throws(() => chooseProfile('a.yaml', 'b.yaml', dir), (e: unknown) => e instanceof UsageError && /given twice/.test(e.message));
  });

  it('then homelab.json, then package.json homelab.profile, then profiles/default.yaml, then the only profiles/*.yaml', () => {
    assert.equal(chooseProfile(undefined, undefined, project({ 'homelab.json': '{"profile":"labs/x.yaml"}', 'package.json': '{"homelab":{"profile":"y.yaml"}}' })), 'labs/x.yaml');
    assert.equal(chooseProfile(undefined, undefined, project({ 'package.json': '{"homelab":{"profile":"y.yaml"}}', 'profiles/default.yaml': '' })), 'y.yaml');
    assert.equal(chooseProfile(undefined, undefined, project({ 'package.json': '{}', 'profiles/default.yaml': '', 'profiles/b.yaml': '' })), 'profiles/default.yaml');
    assert.equal(chooseProfile(undefined, undefined, project({ 'profiles/lab.yaml': '' })), 'profiles/lab.yaml');
  });

  it('several profiles and no setting: a usage error naming them', () => {
    assert.throws(() => chooseProfile(undefined, undefined, project({ 'profiles/a.yaml': '', 'profiles/b.yml': '' })),
      (e: unknown) => e instanceof UsageError && /profiles\/ holds a\.yaml, b\.yml; fix: name it/.test(e.message));
    assert.throws(() => chooseProfile(undefined, undefined, project({ 'homelab.json': '{"profile":3}' })), /homelab\.json: "profile" must name/);
  });

  it('every command that reads a profile takes it as an argument', async () => {
    for (const argv of [['validate'], ['graph'], ['inventory'], ['synth', '--print-env']]) {
      const out: string[] = [];
      const code = await run(['node', 'homelab', ...argv, profilePath('single-node-gpu')], { out: (l) => out.push(l), err: () => {} });
      assert.equal(code, 0, argv.join(' '));
      assert.ok(out.length > 0);
    }
    const err: string[] = [];
    assert.equal(await run(['node', 'homelab', 'validate', 'a.yaml', '--profile', 'b.yaml'], { out: () => {}, err: (l) => err.push(l) }), 64);
    assert.match(err[0]!, /given twice/);
  });
});
