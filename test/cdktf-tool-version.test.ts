/**
 * cdktf's Terraform version check (src/cdktf-tool-version.ts) runs `terraform version` once per binary: a fake
 * terraform on PATH counts its runs; a changed binary (another size or mtime) or another binary runs again.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { commandKey, versionOutput } from '../src/cdktf-tool-version';

function fakeTerraform(dir: string, version: string): string {
  const file = join(dir, 'terraform');
  writeFileSync(file, `#!/bin/sh\necho run >> "${join(dir, 'runs')}"\necho "Terraform v${version}"\n`);
  chmodSync(file, 0o755);
  return file;
}

const runs = (dir: string) => readFileSync(join(dir, 'runs'), 'utf8').split('\n').filter(Boolean).length;

describe('the Terraform version of cdktf validations', () => {
  it('is read once per binary, again when the binary changes, and is kept across processes in the cache folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-tfver-'));
    const cache = mkdtempSync(join(tmpdir(), 'homelab-tfver-cache-'));
    const file = fakeTerraform(dir, '1.9.0');
    const env = { PATH: `${dir}${delimiter}${process.env.PATH}`, HOMELAB_COMPILE_CACHE: cache };
    const saved = process.env.PATH;
    process.env.PATH = env.PATH;
    try {
      assert.match(versionOutput('terraform version', env), /Terraform v1\.9\.0/);
      assert.match(versionOutput('terraform version', env), /Terraform v1\.9\.0/);
      assert.equal(runs(dir), 1);
      // A new binary (other content and mtime): run again.
      fakeTerraform(dir, '1.10.5');
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      assert.match(versionOutput('terraform version', env), /Terraform v1\.10\.5/);
      assert.equal(runs(dir), 2);
      assert.match(readFileSync(join(cache, 'tool-versions.json'), 'utf8'), /1\.10\.5/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('only caches simple commands of a binary found on PATH', () => {
    assert.equal(commandKey('terraform version; rm -rf /', process.env), undefined);
    assert.equal(commandKey('no-such-binary-here version', process.env), undefined);
  });
});
