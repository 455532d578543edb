/**
 * A real OpenSSH server for the doctor/discover tests: `/usr/sbin/sshd -D -e` on a free loopback port,
 * running as the current user with a throw-away host key and an authorized key made here. Every command
 * a client runs goes through a ForceCommand wrapper that sets PATH to the fixture's `bin/` (recorded
 * `pveversion`, `lspci`, `pvesh`, `ip`, ...) and HOMELAB_ROOT to the fixture's file tree (the test hook
 * src/ssh/host-facts.ts reads host files through), whatever the login shell's rc files do.
 *
 * When sshd cannot run, `sshdSkip()` gives the reason to skip; with CI=true the tests run and fail saying why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';

export interface SshKeys {
  readonly dir: string;
  /** Client private key (pass as --identity). */
  readonly identity: string;
  /** Host key files (`<hostKey>.pub` beside it). */
  readonly hostKey: string;
  /** `ssh-ed25519 AAAA...` of the host key. */
  readonly hostKeyLine: string;
  /** `SHA256:...` of the host key, as `ssh-keygen -lf` prints it. */
  readonly hostFingerprint: string;
}

export interface Sshd {
  readonly port: number;
  readonly user: string;
  readonly keys: SshKeys;
  /** known_hosts line trusting this server. */
  readonly knownHostsLine: string;
  stop(): Promise<void>;
}

function keygen(file: string): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'homelab-test', '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.error?.message ?? r.stderr}`);
}

/** Makes a client key and a host key in a temp directory. */
export function makeKeys(): SshKeys {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-ssh-'));
  keygen(join(dir, 'id_ed25519'));
  keygen(join(dir, 'ssh_host_ed25519_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id_ed25519.pub')));
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const fp = spawnSync('ssh-keygen', ['-lf', `${hostKey}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1]!;
  const [type, blob] = readFileSync(`${hostKey}.pub`, 'utf8').split(' ');
  return { dir, identity: join(dir, 'id_ed25519'), hostKey, hostKeyLine: `${type} ${blob}`, hostFingerprint: fp };
}

let unavailable: string | undefined | null = null;

/** Why sshd cannot run here (missing binary, a config test that fails), or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (unavailable !== null) return unavailable;
  unavailable = (() => {
    if (!existsSync(SSHD)) return `${SSHD} is missing`;
    if (spawnSync('ssh-keygen', ['-?']).error) return 'ssh-keygen is missing';
    try {
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // privilege separation directory
    } catch (err) {
      return `cannot create /run/sshd: ${(err as Error).message}`;
    }
    const keys = makeKeys();
    const config = writeConfig(keys, 22222, join(keys.dir, 'noop'));
    const r = spawnSync(SSHD, ['-t', '-f', config], { encoding: 'utf8' });
    return r.status === 0 ? undefined : `sshd -t failed: ${(r.stderr || r.error?.message || '').trim()}`;
  })();
  return unavailable;
}

/** `describe(..., { skip: sshdSkip() })`: a reason to skip, or false (always false when CI=true, so CI fails). */
export function sshdSkip(): string | false {
  const why = sshdUnavailable();
  if (!why || process.env.CI === 'true') return false;
  return `sshd cannot run here (${why}); install openssh-server (apt-get install -y openssh-server) to run these tests`;
}

function writeConfig(keys: SshKeys, port: number, forceCommand: string): string {
  const file = join(keys.dir, `sshd_config.${port}`);
  writeFileSync(file, [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${keys.hostKey}`,
    `PidFile ${join(keys.dir, `sshd.${port}.pid`)}`,
    `AuthorizedKeysFile ${join(keys.dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'MaxSessions 20',
    // SHLVL=1 makes the login shell a nested one, so bash skips ~/.bashrc for ssh commands (slow rc files
    // of the test machine's user would otherwise cost a second per command).
    'SetEnv SHLVL=1',
    `ForceCommand ${forceCommand}`,
    '',
  ].join('\n'));
  return file;
}

/** A free TCP port on 127.0.0.1 (nothing listens on it afterwards). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP server that accepts connections and never says anything (an SSH handshake that never comes). */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Starts sshd serving the fixture host at `fixtureDir` (bin/ and root/, see pve-fixture.ts). Throws with
 * sshd's own words when it does not come up.
 */
export async function startSshd(fixtureDir: string, keys: SshKeys = makeKeys()): Promise<Sshd> {
  const why = sshdUnavailable();
  if (why) throw new Error(`sshd cannot start: ${why}`);
  const wrapper = join(keys.dir, 'fixture-env');
  writeFileSync(wrapper, [
    '#!/bin/sh',
    '# ForceCommand of the test sshd: the client\'s command with the fixture PATH and HOMELAB_ROOT.',
    `PATH='${join(fixtureDir, 'bin')}:/usr/bin:/bin'; HOMELAB_ROOT='${join(fixtureDir, 'root')}'; export PATH HOMELAB_ROOT`,
    'exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"',
    '',
  ].join('\n'));
  chmodSync(wrapper, 0o755);
  const port = await freePort();
  const child = spawn(SSHD, ['-D', '-e', '-f', writeConfig(keys, port, wrapper)], { stdio: ['ignore', 'ignore', 'pipe'] });
  await listening(child, port);
  return {
    port,
    user: userInfo().username,
    keys,
    knownHostsLine: `[127.0.0.1]:${port} ${keys.hostKeyLine}`,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function listening(child: ChildProcess, port: number): Promise<void> {
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "Server listening" within 10 s`), 10_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`sshd on port ${port} did not start: ${why}\n${log}`));
    };
    child.on('error', (err) => fail(err.message));
    child.on('exit', (code) => fail(`exited with ${code}`));
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (!log.includes(`Server listening on 127.0.0.1 port ${port}`)) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stderr!.off('data', onData).resume(); // keep draining sshd's log
      resolve();
    };
    child.stderr!.on('data', onData);
  });
}
