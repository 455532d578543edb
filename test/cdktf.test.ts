import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../src/cdktf';

describe('src/cdktf.ts', () => {
  it('defers archiver (cdktf asset zips) until it is first called, then hands out the real module', () => {
    const path = require.resolve('archiver', { paths: [require.resolve('cdktf')] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const archiver = require(path) as (format: string) => { pipe: unknown; finalize: () => Promise<void> };
    const archive = archiver('zip');
    assert.equal(typeof archive.pipe, 'function');
    void archive.finalize().catch(() => undefined);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.notEqual(require(path), archiver, 'the real module replaced the stub in the cache');
  });
});

describe('stable Terraform addresses', () => {
  it('refuses two constructs that would share one Terraform address (one would silently disappear)', async () => {
    const { App, TerraformStack } = await import('../src/cdktf');
    const { Construct } = await import('constructs');
    const { DataResource } = await import('../src/cdktf');
    const { stableId } = await import('../src/constructs/stable-id');
    const stack = new TerraformStack(new App(), 's');
    stableId(new DataResource(new Construct(stack, 'a'), 'r', {}), 'same');
    assert.throws(() => stableId(new DataResource(new Construct(stack, 'b'), 'r', {}), 'same'),
      /Terraform address terraform_data\.same is used by two constructs \(s\/a\/r and s\/b\/r\)/);
    stableId(new DataResource(new Construct(stack, 'c'), 'r', {}), 'other');
  });
});
