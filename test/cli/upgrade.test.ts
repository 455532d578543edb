import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { capture } from '../diff/support';
import { profilePath } from '../support/paths';

describe('homelab upgrade (CLI)', () => {
  it('--dry-run prints every step and a summary, exit 0', async () => {
    const c = capture();
    const code = await run(['node', 'homelab', 'upgrade', '-p', profilePath('default'), '--dry-run'], c.io);
    assert.equal(code, 0);
    assert.equal(c.out.length, 6);
    assert.match(c.out[0]!, /^\[1\/5\] lab-cp-1: talosctl --talosconfig .*generated\/lab\/talosconfig --nodes 192\.168\.1\.20 /);
    assert.equal(c.out[5], '5 step(s) for cluster lab; nothing was run (--dry-run).');
  });

  it('exits 4 with one line when talosctl is missing, and names an unknown cluster', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const c = capture();
      assert.equal(await run(['node', 'homelab', 'upgrade', '-p', profilePath('default')], c.io), 4);
      assert.equal(c.err.length, 1);
      assert.match(c.err[0]!, /^error: talosctl is not on PATH; install/);
    } finally {
      process.env.PATH = path;
    }
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'upgrade', '-p', profilePath('default'), '-c', 'nope', '--dry-run'], c.io), 4);
    assert.match(c.err[0]!, /no Talos cluster "nope" in the profile \(Talos clusters: lab\)/);
  });
});
