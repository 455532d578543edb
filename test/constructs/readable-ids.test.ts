import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Construct } from 'constructs';
import { TerraformLocal, TerraformOutput, TerraformVariable } from '../../src/cdktf';
import { synthStacks } from '../../src/synth/synth';
import type { LabStack } from '../../stacks/lab-stack';
import { profilePath } from '../support/paths';

/** Synthesizes the default profile with `extend` and returns the lab stack's JSON. */
async function stackWith(extend: (stack: LabStack) => void): Promise<any> {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-ids-'));
  const { stacks } = await synthStacks({ profile: profilePath('default'), projectDir: dir, extend });
  return stacks.default;
}

describe('readable Terraform names', () => {
  it('names an output inside a construct after its path relative to the stack, without a hash', async () => {
    const json = await stackWith((stack) => {
      const media = new Construct(stack, 'jellyfin');
      new TerraformOutput(media, 'nfs-mount', { value: 'sudo mount -t nfs 10.40.0.10:/mnt/media /mnt/media' });
      new TerraformOutput(new Construct(media, 'deep'), 'url', { value: 'http://x' });
      new TerraformOutput(stack, 'top', { value: 1 });
    });
    assert.equal(json.output['jellyfin_nfs-mount'].value, 'sudo mount -t nfs 10.40.0.10:/mnt/media /mnt/media');
    assert.equal(json.output.jellyfin_deep_url.value, 'http://x');
    assert.equal(json.output.top.value, 1);
    assert.deepEqual(Object.keys(json.output).filter((k) => /_[0-9A-F]{8}$/.test(k)), []);
  });

  it('keeps a name given with overrideLogicalId', async () => {
    const json = await stackWith((stack) => {
      new TerraformOutput(new Construct(stack, 'a'), 'b', { value: 2 }).overrideLogicalId('my_name');
    });
    assert.equal(json.output.my_name.value, 2);
    assert.equal(json.output.a_b, undefined);
  });

  it('refuses two outputs with one name, naming both construct paths', async () => {
    await assert.rejects(stackWith((stack) => {
      new TerraformOutput(new Construct(stack, 'a'), 'b_c', { value: 1 });
      new TerraformOutput(new Construct(stack, 'a_b'), 'c', { value: 2 });
    }), /Terraform address output\.a_b_c is used by two constructs \(default\/a\/b_c and default\/a_b\/c\)/);
  });

  it('refuses two variables or two locals with one name', async () => {
    await assert.rejects(stackWith((stack) => {
      new TerraformVariable(new Construct(stack, 'x'), 'v', { type: 'string' }).overrideLogicalId('region');
      new TerraformVariable(new Construct(stack, 'y'), 'v', { type: 'string' }).overrideLogicalId('region');
    }), /var\.region is used by two constructs \(default\/x\/v and default\/y\/v\)/);
    await assert.rejects(stackWith((stack) => {
      new TerraformLocal(new Construct(stack, 'x'), 'l', 1).overrideLogicalId('n');
      new TerraformLocal(new Construct(stack, 'y'), 'l', 2).overrideLogicalId('n');
    }), /local\.n is used by two constructs \(default\/x\/l and default\/y\/l\)/);
  });

  it('allows one name for elements of different kinds (an output and a variable)', async () => {
    const json = await stackWith((stack) => {
      new TerraformVariable(stack, 'region', { type: 'string', default: 'a' });
      new TerraformOutput(stack, 'region-out', { value: 'a' }).overrideLogicalId('region');
    });
    assert.equal(json.variable.region.default, 'a');
    assert.equal(json.output.region.value, 'a');
  });
});
