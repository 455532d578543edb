/** The SSH flags `doctor` and `discover` share, and their parsing. */
import type { Command } from 'commander';
import { UsageError } from '../errors';

export interface SshFlags {
  readonly knownHosts?: string;
  readonly acceptNew?: boolean;
  readonly identity?: string;
  readonly timeout: string;
}

export function addSshFlags(command: Command): Command {
  return command
    .option('--known-hosts <file>', 'known_hosts file the host keys are checked against (default: ~/.ssh/known_hosts)')
    .option('--accept-new', 'add an unknown host key to known_hosts (trust on first use); a changed key is still refused')
    .option('-i, --identity <file>', 'private key file (default: the ssh-agent, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa)')
    .option('--timeout <seconds>', 'seconds to wait for a host', '10');
}

/** SSH options for src/ssh/connection from the flags; throws UsageError for a bad --timeout. */
export function sshOptions(flags: SshFlags): { knownHostsFile?: string; acceptNew: boolean; identity?: string; timeoutSeconds: number } {
  return { knownHostsFile: flags.knownHosts, acceptNew: flags.acceptNew === true, identity: flags.identity, timeoutSeconds: positive('--timeout', flags.timeout) };
}

export function positive(flag: string, value: string, max = Infinity): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new UsageError(`${flag} must be a positive number${max < Infinity ? ` up to ${max}` : ''} (got "${value}")`);
  return n;
}
