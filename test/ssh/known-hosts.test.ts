/** known_hosts parsing and matching (no server needed). */
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  appendKnownHost, entryMatches, hostKeyFromBlob, knownKeyTypes, parseKnownHosts, verifyHostKey,
} from '../../src/ssh/known-hosts';

/** A fake ed25519 wire-format blob: string "ssh-ed25519" + 32 key bytes. */
function blob(fill: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = Buffer.alloc(32, fill);
  const len = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([len(type.length), type, len(key.length), key]);
}

const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  const key = hostKeyFromBlob(blob(1));

  it('reads the key type and an OpenSSH-style SHA256 fingerprint from the wire blob', () => {
    assert.equal(key.keyType, 'ssh-ed25519');
    assert.match(key.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches plain names, [host]:port, comma lists, wildcards, negation and hashed entries', () => {
    assert.equal(entryMatches('pve,10.10.0.10', '10.10.0.10', 22), true);
    assert.equal(entryMatches('10.10.0.10', '10.10.0.10', 2222), false);
    assert.equal(entryMatches('[10.10.0.10]:2222', '10.10.0.10', 2222), true);
    assert.equal(entryMatches('10.10.0.*,!10.10.0.99', '10.10.0.10', 22), true);
    assert.equal(entryMatches('10.10.0.*,!10.10.0.99', '10.10.0.99', 22), false);
    assert.equal(entryMatches(hashed('[127.0.0.1]:2222'), '127.0.0.1', 2222), true);
    assert.equal(entryMatches(hashed('127.0.0.1'), '127.0.0.1', 2222), false);
  });

  it('tells known, unknown, changed and revoked keys apart', () => {
    const other = hostKeyFromBlob(blob(2));
    const entries = parseKnownHosts([
      '# comment',
      `10.10.0.10 ${key.keyType} ${key.key}`,
      `[10.10.0.11]:22 ${key.keyType} ${other.key}`,
      `@revoked * ${other.keyType} ${other.key}`,
      `@cert-authority *.lan ssh-ed25519 ${key.key}`,
    ].join('\n'));
    assert.equal(verifyHostKey(entries, '10.10.0.10', 22, key).status, 'known');
    assert.equal(verifyHostKey(entries, '10.10.0.12', 22, key).status, 'unknown');
    const changed = verifyHostKey(entries, '10.10.0.10', 22, hostKeyFromBlob(blob(3)));
    assert.deepEqual(changed.status === 'changed' && changed.known.map((e) => e.line), [2]);
    assert.equal(verifyHostKey(entries, '10.10.0.11', 22, other).status, 'revoked');
    assert.deepEqual(knownKeyTypes(entries, '10.10.0.10', 22), ['ssh-ed25519']);
  });

  it('appends [host]:port type key on a new line', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kh-')), 'sub', 'known_hosts');
    appendKnownHost(file, '127.0.0.1', 2222, key);
    writeFileSync(file, `${readFileSync(file, 'utf8')}pve ssh-ed25519 AAAA`);
    appendKnownHost(file, 'pve', 22, key);
    assert.deepEqual(readFileSync(file, 'utf8').split('\n'), [`[127.0.0.1]:2222 ssh-ed25519 ${key.key}`, 'pve ssh-ed25519 AAAA', `pve ssh-ed25519 ${key.key}`, '']);
  });
});
