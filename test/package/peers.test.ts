import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';
import { PEERS } from '../support/peers';

describe('peer dependencies', () => {
  it('declares cdktf, constructs, cdk8s and cdk8s-plus-28 as peers, also as exact devDependencies for this repository', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), PEERS);
    for (const p of PEERS) {
      assert.equal(pkg.dependencies[p], undefined, `${p} is not a dependency`);
      assert.match(pkg.devDependencies[p], /^\d+\.\d+\.\d+$/, `${p} is pinned in devDependencies`);
    }
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    assert.deepEqual(lock.packages[''].peerDependencies, pkg.peerDependencies, 'package-lock.json is in step with package.json');
  });
});
