/**
 * OpenSSH known_hosts: parsing (plain names and addresses, `[host]:port`, comma lists, `*`/`?` patterns,
 * `!` negation, hashed `|1|salt|hash` entries, `@revoked`), verification of a host key blob and
 * trust-on-first-use appends. Pure Node (crypto + fs); no ssh2 types.
 */
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const DEFAULT_KNOWN_HOSTS = join(homedir(), '.ssh', 'known_hosts');

export interface KnownHostEntry {
  /** 1-based line in the file. */
  readonly line: number;
  readonly marker?: '@revoked' | '@cert-authority';
  /** The host field as written (comma list, patterns or a hashed entry). */
  readonly hosts: string;
  /** Key type, e.g. `ssh-ed25519`. */
  readonly keyType: string;
  /** Base64 key blob. */
  readonly key: string;
}

/** How a presented host key relates to the known_hosts file. */
export type HostKeyVerdict =
  | { readonly status: 'known'; readonly entry: KnownHostEntry }
  | { readonly status: 'unknown' }
  | { readonly status: 'changed'; readonly known: readonly KnownHostEntry[] }
  | { readonly status: 'revoked'; readonly entry: KnownHostEntry };

/** A host key as the server presented it (SSH wire format). */
export interface HostKey {
  readonly keyType: string;
  /** Base64 of the wire-format blob, as in known_hosts. */
  readonly key: string;
  /** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints it. */
  readonly fingerprint: string;
}

/** Parses the wire-format public key blob ssh2 gives to `hostVerifier`. */
export function hostKeyFromBlob(blob: Buffer): HostKey {
  const len = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const keyType = blob.subarray(4, 4 + len).toString('latin1');
  return { keyType, key: blob.toString('base64'), fingerprint: fingerprintOf(blob) };
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The name OpenSSH files a host under: `host` on port 22, else `[host]:port`. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    const marker = fields[0].startsWith('@') ? (fields.shift() as KnownHostEntry['marker']) : undefined;
    const [hosts, keyType, key] = fields;
    if (hosts && keyType && key) entries.push({ line: i + 1, marker, hosts, keyType, key });
  });
  return entries;
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  return existsSync(file) ? parseKnownHosts(readFileSync(file, 'utf8')) : [];
}

/** Whether a known_hosts host field names `host` on `port`. */
export function entryMatches(hosts: string, host: string, port: number): boolean {
  const name = knownHostName(host, port);
  if (hosts.startsWith('|1|')) return hashedMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatches(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. */
function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

function globMatches(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** Key types known for a host (for restricting the host key algorithms offered, as OpenSSH does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const types = entries.filter((e) => !e.marker && entryMatches(e.hosts, host, port)).map((e) => e.keyType);
  return [...new Set(types)];
}

/** Compares a presented key (type + blob) with every entry for the host. */
export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: HostKey): HostKeyVerdict {
  const forHost = entries.filter((e) => entryMatches(e.hosts, host, port));
  const same = (e: KnownHostEntry) => e.keyType === key.keyType && e.key === key.key;
  const revoked = forHost.find((e) => e.marker === '@revoked' && same(e));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => !e.marker);
  const entry = plain.find(same);
  if (entry) return { status: 'known', entry };
  return plain.length > 0 ? { status: 'changed', known: plain } : { status: 'unknown' };
}

/** Trust on first use: appends `[host]:port type key` (creating ~/.ssh with mode 700 when needed). */
export function appendKnownHost(file: string, host: string, port: number, key: HostKey): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  appendFileSync(file, `${sep}${knownHostName(host, port)} ${key.keyType} ${key.key}\n`, { mode: 0o600 });
}
