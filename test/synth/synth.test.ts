import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Construct } from 'constructs';
import { ProfileError } from '../../src/errors';
import { synth } from '../../src/synth/synth';
import { profilePath } from '../support/paths';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    try {
      out[f] = readFileSync(p, 'utf8');
    } catch {
      /* a directory */
    }
  }
  return out;
}

describe('synth', () => {
  it('writes byte-identical output on re-run, in cdktf layout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-det-'));
    await synth({ profile: profilePath('triple-nic-mayastor'), projectDir: dir });
    const first = tree(join(dir, 'cdktf.out'));
    assert.deepEqual(Object.keys(first).sort(), ['.homelab-manifest.json', 'manifest.json', 'stacks/triple-nic-mayastor/cdk.tf.json']);
    await synth({ profile: profilePath('triple-nic-mayastor'), projectDir: dir });
    assert.deepEqual(tree(join(dir, 'cdktf.out')), first);
  });

  it('leaves the previous output untouched when the profile is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-atomic-'));
    await synth({ profile: profilePath('default'), projectDir: dir });
    const before = tree(join(dir, 'cdktf.out'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(profilePath('default'), 'utf8').replace('bridge: vmbr0, address: 192.168.1.21', 'bridge: vmbr9, address: 192.168.1.21'));
    await assert.rejects(synth({ profile: bad, projectDir: dir }), ProfileError);
    assert.deepEqual(tree(join(dir, 'cdktf.out')), before);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), [], 'no staging directory is left behind');
  });

  it('leaves the previous output untouched when synthesis fails midway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-atomic-'));
    await synth({ profile: profilePath('default'), projectDir: dir });
    const before = tree(join(dir, 'cdktf.out'));
    const failing = (stack: Construct) => {
      const c = new Construct(stack, 'broken');
      c.node.addValidation({ validate: () => ['broken on purpose'] });
    };
    await assert.rejects(synth({ profile: profilePath('default'), projectDir: dir, extend: failing }), /broken on purpose/);
    assert.deepEqual(tree(join(dir, 'cdktf.out')), before);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
  });

  it('keeps terraform init files of a stack across re-synth', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-keep-'));
    await synth({ profile: profilePath('default'), projectDir: dir });
    const stack = join(dir, 'cdktf.out', 'stacks', 'default');
    mkdirSync(join(stack, '.terraform'));
    writeFileSync(join(stack, '.terraform.lock.hcl'), '# lock');
    await synth({ profile: profilePath('default'), projectDir: dir });
    assert.ok(existsSync(join(stack, '.terraform')));
    assert.equal(readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8'), '# lock');
  });

  it('writes no credential into the output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-secret-'));
    process.env.PROXMOX_VE_API_TOKEN = 'root@pam!terraform=00000000-1111-2222-3333-444444444444';
    try {
      await synth({ profile: profilePath('triple-nic-mayastor'), projectDir: dir });
    } finally {
      delete process.env.PROXMOX_VE_API_TOKEN;
    }
    const text = Object.values(tree(join(dir, 'cdktf.out'))).join('\n');
    assert.doesNotMatch(text, /00000000-1111|api_token|password|BEGIN (RSA|EC|OPENSSH) PRIVATE/);
  });
});
