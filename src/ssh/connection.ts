/**
 * SSH to a Proxmox node with node-ssh (ssh2): key authentication only (ssh-agent, --identity or the usual
 * ~/.ssh/id_* keys; passwords are never asked for), and the host key always checked against known_hosts
 * through ssh2's `hostVerifier`. An unknown key is refused unless `acceptNew` (trust on first use); a
 * changed or revoked key is always refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NodeSSH } from 'node-ssh';
import {
  appendKnownHost, DEFAULT_KNOWN_HOSTS, hostKeyFromBlob, knownHostName, knownKeyTypes, readKnownHosts, verifyHostKey,
  type HostKey, type HostKeyVerdict,
} from './known-hosts';
import { SshError } from './ssh-error';

export { SshError, type SshErrorKind } from './ssh-error';

export interface SshTarget {
  readonly host: string;
  /** @default 22 */
  readonly port?: number;
  readonly user: string;
}

export interface SshOptions {
  /** @default ~/.ssh/known_hosts */
  readonly knownHostsFile?: string;
  /** Append an unknown host key to known_hosts (trust on first use); a changed key is still refused. @default false */
  readonly acceptNew?: boolean;
  /** Private key file. @default - the ssh-agent (SSH_AUTH_SOCK), else ~/.ssh/id_ed25519, id_ecdsa, id_rsa */
  readonly identity?: string;
  /** Connect (TCP + handshake + auth) timeout. @default 10000 */
  readonly timeoutMs?: number;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

/** An open SSH session to one host. */
export interface Remote {
  /** `user@host:port`, for messages. */
  readonly target: string;
  readonly hostKey: HostKey;
  /** Whether the host key was just added to known_hosts (`acceptNew`). */
  readonly hostKeyAdded: boolean;
  run(command: string): Promise<CommandResult>;
  close(): void;
}

/** Host key algorithms ssh2 may negotiate for a known_hosts key type. */
const ALGORITHMS: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-dss': ['ssh-dss'],
};

export async function connectSsh(target: SshTarget, options: SshOptions = {}): Promise<Remote> {
  const port = target.port ?? 22;
  const where = `${target.user}@${target.host}:${port}`;
  const knownHostsFile = options.knownHostsFile ?? DEFAULT_KNOWN_HOSTS;
  const entries = readKnownHosts(knownHostsFile);
  const serverHostKey = knownKeyTypes(entries, target.host, port).flatMap((t) => ALGORITHMS[t] ?? []);
  let presented: HostKey | undefined;
  let verdict: HostKeyVerdict | undefined;
  let accepted = false;
  const ssh = new NodeSSH();
  try {
    await ssh.connect({
      host: target.host,
      port,
      username: target.user,
      readyTimeout: options.timeoutMs ?? 10_000,
      tryKeyboard: false,
      ...credentials(options.identity),
      // OpenSSH asks for the key types it already knows for the host; so do we, so a host with an
      // ecdsa key on file is not mistaken for a changed host when it also offers ed25519.
      ...(serverHostKey.length > 0 ? { algorithms: { serverHostKey } } : {}),
      hostVerifier: (blob: Buffer) => {
        presented = hostKeyFromBlob(blob);
        verdict = verifyHostKey(entries, target.host, port, presented);
        accepted = verdict.status === 'known' || (verdict.status === 'unknown' && options.acceptNew === true);
        return accepted;
      },
    });
  } catch (err) {
    ssh.dispose();
    throw connectError(err, { where, target, port, knownHostsFile, presented, verdict: accepted ? undefined : verdict, serverHostKey });
  }
  ssh.connection?.on('error', () => undefined); // late socket errors surface as failed commands
  const added = verdict?.status === 'unknown';
  if (added) appendKnownHost(knownHostsFile, target.host, port, presented!);
  return {
    target: where,
    hostKey: presented!,
    hostKeyAdded: added,
    run: async (command) => {
      const r = await ssh.execCommand(command);
      return { stdout: r.stdout, stderr: r.stderr, code: r.code };
    },
    close: () => ssh.dispose(),
  };
}

function credentials(identity: string | undefined): { privateKey?: string; agent?: string } {
  if (identity) {
    if (!existsSync(identity)) throw new SshError('auth', `identity file ${identity} does not exist`, 'pass the private key with --identity <file> or load it into ssh-agent (ssh-add)');
    return { privateKey: readFileSync(identity, 'utf8') };
  }
  if (process.env.SSH_AUTH_SOCK) return { agent: process.env.SSH_AUTH_SOCK };
  const fallback = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f)).find(existsSync);
  if (fallback) return { privateKey: readFileSync(fallback, 'utf8') };
  throw new SshError('auth', 'no SSH key: SSH_AUTH_SOCK is not set, no --identity was given and ~/.ssh has no id_ed25519, id_ecdsa or id_rsa', 'start ssh-agent and ssh-add your key, or pass --identity <file>');
}

interface FailureContext {
  readonly where: string;
  readonly target: SshTarget;
  readonly port: number;
  readonly knownHostsFile: string;
  readonly presented?: HostKey;
  /** Set when the host key was refused. */
  readonly verdict?: HostKeyVerdict;
  readonly serverHostKey: readonly string[];
}

function connectError(err: unknown, c: FailureContext): SshError {
  if (err instanceof SshError) return err;
  const name = knownHostName(c.target.host, c.port);
  const removeOld = `ssh-keygen -R '${name}' -f ${c.knownHostsFile}`;
  if (c.verdict && c.presented) {
    const fp = `${c.presented.keyType} ${c.presented.fingerprint}`;
    switch (c.verdict.status) {
      case 'unknown':
        return new SshError('hostkey-unknown', `host key of ${name} is not in ${c.knownHostsFile}: ${fp}`,
          `check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_${keyFile(c.presented.keyType)}_key.pub), then run again with --accept-new to add it`);
      case 'changed':
        return new SshError('hostkey-changed',
          `HOST KEY CHANGED for ${name}: it presented ${fp}, ${c.knownHostsFile} line ${c.verdict.known.map((k) => k.line).join(', ')} has a different key. ` +
          'Someone may be intercepting the connection (man-in-the-middle), or the host was reinstalled. Refusing to connect',
          `if you know why the key changed, remove the old key (${removeOld}), check the new fingerprint on the host and run again with --accept-new`);
      case 'revoked':
        return new SshError('hostkey-changed', `host key ${fp} of ${name} is marked @revoked in ${c.knownHostsFile} line ${c.verdict.entry.line}; refusing to connect`, 'give the host a new host key');
    }
  }
  const e = err as { message?: string; code?: string; level?: string };
  const msg = e.message ?? String(err);
  if (c.serverHostKey.length > 0 && /host key|no matching/i.test(msg) && e.level === 'handshake') {
    return new SshError('hostkey-changed', `${name} offers none of the host key types ${c.knownHostsFile} has for it (${c.serverHostKey.join(', ')}): ${msg}`,
      `if the host was reinstalled, remove the old key (${removeOld}) and run again with --accept-new`);
  }
  if (/Timed out|ETIMEDOUT/i.test(`${msg} ${e.code}`)) return new SshError('timeout', `${c.where}: no SSH handshake within the timeout (${msg})`, 'check that the host is up, the address and sshPort are right and no firewall drops port ' + c.port);
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(msg)) {
    return new SshError('auth', `${c.where}: key authentication failed (${msg})`, `add your public key to ~${c.target.user}/.ssh/authorized_keys on the host (ssh-copy-id -p ${c.port} ${c.target.user}@${c.target.host}), and load the private key into ssh-agent or pass --identity`);
  }
  if (/encrypted/i.test(msg)) return new SshError('auth', `${msg}`, 'passwords are never asked for: load the key into ssh-agent (ssh-add) instead of --identity');
  return new SshError('unreachable', `${c.where}: ${e.code && !msg.includes(e.code) ? `${e.code} ` : ''}${msg}`, 'check that the host is up, sshd runs and the address and sshPort in the profile are right');
}

function keyFile(keyType: string): string {
  if (keyType.includes('ed25519')) return 'ed25519';
  if (keyType.startsWith('ecdsa')) return 'ecdsa';
  return keyType === 'ssh-dss' ? 'dsa' : 'rsa';
}
