import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dependencySpec } from '../../src/init/dependency-spec';

/** A project that installed homelab-cdk 0.3.1, with the hidden lockfile entry npm writes. */
function installed(resolved: string | undefined, extra: Record<string, unknown> = {}): { project: string; pkg: string } {
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'homelab-dep-')));
  const pkg = join(project, 'node_modules', 'homelab-cdk');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'homelab-cdk', version: '0.3.1', ...extra }));
  const packages = resolved ? { 'node_modules/homelab-cdk': { version: '0.3.1', resolved } } : {};
  writeFileSync(join(project, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  return { project, pkg };
}

describe('the dependency a scaffold gets (where the running homelab-cdk came from)', () => {
  it('a git checkout (not inside node_modules): file: its folder', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'homelab-dep-')));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'homelab-cdk', version: '0.3.1' }));
    assert.deepEqual(dependencySpec(dir), { spec: `file:${dir}`, source: 'checkout' });
  });

  it('the npm registry: the version range', () => {
    const { pkg } = installed('https://registry.npmjs.org/homelab-cdk/-/homelab-cdk-0.3.1.tgz');
    assert.deepEqual(dependencySpec(pkg), { spec: '^0.3.1', source: 'registry' });
  });

  it('a tarball: file: its absolute path (the lockfile has it relative to the project)', () => {
    const { project, pkg } = installed('file:../dist/homelab-cdk-0.3.1.tgz');
    assert.deepEqual(dependencySpec(pkg), { spec: `file:${join(project, '..', 'dist', 'homelab-cdk-0.3.1.tgz')}`, source: 'lockfile' });
  });

  it('a git URL: kept as npm resolved it (pinned to the commit)', () => {
    const { pkg } = installed('git+ssh://git@github.com/me/homelab-cdk.git#0123456789abcdef0123456789abcdef01234567');
    assert.equal(dependencySpec(pkg).spec, 'git+ssh://git@github.com/me/homelab-cdk.git#0123456789abcdef0123456789abcdef01234567');
  });

  it('_resolved in its own package.json (older npm) wins; nothing recorded: the registry range', () => {
    const { pkg } = installed(undefined, { _resolved: 'https://example.com/builds/homelab-cdk-0.3.1.tgz' });
    assert.equal(dependencySpec(pkg).spec, 'https://example.com/builds/homelab-cdk-0.3.1.tgz');
    assert.deepEqual(dependencySpec(installed(undefined).pkg), { spec: '^0.3.1', source: 'registry' });
  });
});
