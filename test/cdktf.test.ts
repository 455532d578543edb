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
