/** Host key verification of `homelab doctor` against a real sshd: known, hashed, unknown (TOFU) and changed keys. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { doctor } from '../../src/doctor/runner';
import { makeKeys, sshdSkip } from '../support/sshd';
import { startSshLab, type SshLab } from '../support/ssh-lab';

describe('homelab doctor host keys (real sshd)', { skip: sshdSkip() }, () => {
  let lab: SshLab;
  before(async () => (lab = await startSshLab()));
  after(() => lab?.stop());

  const sshRow = async (knownHostsFile: string, acceptNew = false) => {
    const report = await doctor({ profile: lab.profile(), knownHostsFile, acceptNew, identity: lab.sshd.keys.identity });
    return { report, ssh: report.results.find((r) => r.check === 'ssh')! };
  };

  it('accepts a hashed known_hosts entry (|1|salt|hash, as ssh-keygen -H writes it)', async () => {
    const file = lab.trustedKnownHosts();
    const r = spawnSync('ssh-keygen', ['-H', '-f', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(file, 'utf8'), /^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    const { ssh, report } = await sshRow(file);
    assert.equal(ssh.status, 'pass', ssh.message);
    assert.equal(report.ok, true);
  });

  it('refuses an unknown host key, naming its SHA256 fingerprint and how to trust it, and writes nothing', async () => {
    const file = join(lab.dir, 'known_hosts.empty');
    writeFileSync(file, '# nothing trusted yet\nother.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake\n');
    const { ssh, report } = await sshRow(file);
    assert.equal(ssh.status, 'fail');
    assert.equal(ssh.message, `host key of [127.0.0.1]:${lab.sshd.port} is not in ${file}: ssh-ed25519 ${lab.sshd.keys.hostFingerprint}`);
    assert.match(ssh.fix!, /ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key\.pub.*--accept-new/);
    assert.equal(report.results.length, 1, 'no checks run on an unverified host');
    assert.doesNotMatch(readFileSync(file, 'utf8'), /127\.0\.0\.1/);
  });

  it('with --accept-new trusts an unknown key on first use and appends it to known_hosts', async () => {
    const file = join(lab.dir, 'known_hosts.tofu');
    writeFileSync(file, 'other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFakeFake'); // no final newline
    const c = { out: [] as string[], err: [] as string[] };
    const code = await run(['node', 'homelab', 'doctor', '-p', lab.profile(), '--known-hosts', file, '--accept-new', '-i', lab.sshd.keys.identity],
      { out: (l) => c.out.push(l), err: (l) => c.err.push(l) });
    assert.equal(code, 0, c.out.join('\n'));
    assert.match(c.out.join('\n'), /ssh\s+pass\s+.*\(added to /);
    assert.equal(readFileSync(file, 'utf8').split('\n')[1], lab.sshd.knownHostsLine);
    const again = await sshRow(file);
    assert.equal(again.ssh.status, 'pass');
    assert.doesNotMatch(again.ssh.message, /added/);
  });

  it('refuses a changed host key loudly, also with --accept-new, and leaves known_hosts alone', async () => {
    const other = makeKeys();
    const file = join(lab.dir, 'known_hosts.changed');
    const before = `[127.0.0.1]:${lab.sshd.port} ${other.hostKeyLine}\n`;
    writeFileSync(file, before);
    for (const acceptNew of [false, true]) {
      const { ssh, report } = await sshRow(file, acceptNew);
      assert.equal(ssh.status, 'fail');
      assert.match(ssh.message, new RegExp(`^HOST KEY CHANGED for \\[127\\.0\\.0\\.1\\]:${lab.sshd.port}: it presented ssh-ed25519 SHA256:.*line 1 has a different key\\. Someone may be intercepting`));
      assert.match(ssh.fix!, new RegExp(`ssh-keygen -R '\\[127\\.0\\.0\\.1\\]:${lab.sshd.port}' -f `));
      assert.equal(report.ok, false);
    }
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('refuses when the client key is not authorized, without asking for a password', async () => {
    const stranger = makeKeys();
    const report = await doctor({ profile: lab.profile(), knownHostsFile: lab.trustedKnownHosts(), identity: stranger.identity });
    const ssh = report.results.find((r) => r.check === 'ssh')!;
    assert.equal(ssh.status, 'fail');
    assert.match(ssh.message, /key authentication failed/);
    assert.match(ssh.fix!, /authorized_keys.*ssh-copy-id/);
  });
});
