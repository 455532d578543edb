import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

const PEERS = ['cdk8s', 'cdk8s-plus-28', 'cdktf', 'constructs'];

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { ...r, all: `${r.stdout}\n${r.stderr}` };
}

/** A consumer's check: each peer resolves to one file for the consumer and for homelab-cdk, and our constructs are the consumer's. */
const CONSUMER_CHECK = `
const { dirname } = require('node:path');
const lib = dirname(require.resolve('homelab-cdk/package.json'));
const same = ${JSON.stringify(PEERS)}.map((p) => [p, require.resolve(p) === require.resolve(p, { paths: [lib] })]);
const { Construct } = require('constructs');
const { TerraformStack, App } = require('cdktf');
const { LocalSensitiveFile, tf } = require('homelab-cdk');
const app = new App({ outdir: 'out' });
const stack = new TerraformStack(app, 's');
const file = new LocalSensitiveFile(stack, 'f', { filename: 'x', content: 'y' });
console.log(JSON.stringify({ same, construct: file instanceof Construct, stack: new tf.TerraformStack(app, 't') instanceof TerraformStack }));
`;

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

  it('gives a consumer one copy of each peer: our constructs are instances of its Construct', { timeout: 300_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'homelab-peers-'));
    const pack = sh('npm', ['pack', '--pack-destination', work, '--ignore-scripts'], ROOT);
    assert.equal(pack.status, 0, pack.all);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const packed = JSON.parse(sh('tar', ['-xzOf', join(work, tarball), 'package/package.json'], work).stdout);
    assert.deepEqual(Object.keys(packed.peerDependencies).sort(), PEERS);

    // The consumer names only homelab-cdk: npm (7 and later) installs the peers beside it.
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-homelab', private: true, type: 'commonjs' }));
    const install = sh('npm', ['install', '--prefer-offline', '--ignore-scripts', join(work, tarball)], app);
    assert.equal(install.status, 0, install.all);
    for (const p of PEERS) {
      assert.ok(existsSync(join(app, 'node_modules', p, 'package.json')), `${p} installed for the consumer`);
      assert.ok(!existsSync(join(app, 'node_modules', 'homelab-cdk', 'node_modules', p)), `no private copy of ${p} under homelab-cdk`);
    }
    writeFileSync(join(app, 'check.js'), CONSUMER_CHECK);
    const run = sh(process.execPath, ['check.js'], app);
    assert.equal(run.status, 0, run.all);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(result.same, PEERS.map((p) => [p, true]));
    assert.equal(result.construct, true);
    assert.equal(result.stack, true);
  });
});
