import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { synth } from '../../src/synth/synth';
import { diffFixture } from '../diff/support';

const backend = (dir: string) => JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'lab', 'cdk.tf.json'), 'utf8')).terraform.backend.local.path;

describe('the local backend keeps state beside the profile', () => {
  it('profiles/lab.yaml in the project: profiles/terraform.lab.tfstate, wherever synth runs from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-state-'));
    mkdirSync(join(dir, 'profiles'));
    copyFileSync(diffFixture('base'), join(dir, 'profiles', 'lab.yaml'));
    await synth({ profile: join(dir, 'profiles', 'lab.yaml'), projectDir: dir });
    assert.equal(backend(dir), '../../../profiles/terraform.lab.tfstate');
  });

  it('a profile outside the project: the project directory; stateDir sets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-state-'));
    await synth({ profile: diffFixture('base'), projectDir: dir });
    assert.equal(backend(dir), '../../../terraform.lab.tfstate');
    await synth({ profile: diffFixture('base'), projectDir: dir, stateDir: 'state' });
    assert.equal(backend(dir), '../../../state/terraform.lab.tfstate');
  });
});
