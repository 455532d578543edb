/** `homelab discover`: flags only; the work is `discover()` in src/discover, loaded when the command runs. */
import type { Command } from 'commander';
import { EXIT } from './exit-codes';
import type { Io } from './main';
import { addSshFlags, positive, sshOptions, type SshFlags } from './ssh-flags';

export function registerDiscover(program: Command, io: Io, setCode: (code: number) => void): void {
  addSshFlags(
    program
      .command('discover')
      .description('Read a Proxmox node over SSH (bridges, storage, CPU, memory, PCI devices, VMIDs) and write a profile skeleton')
      .argument('<user@host>', 'SSH user and address of the node')
      .option('-o, --out <file>', 'write the profile here, e.g. profiles/<name>.yaml (never overwrites); default: stdout')
      .option('--port <n>', 'SSH port', '22')
      .option('--name <name>', 'profile name (default: the --out file name, else the node name)'),
  ).action(async (target: string, opts: SshFlags & { out?: string; port: string; name?: string }) => {
    const port = positive('--port', opts.port, 65535);
    const { discover } = await import('../discover/discover');
    const { SshError } = await import('../ssh/ssh-error');
    const { RemoteCommandError } = await import('../ssh/host-facts');
    try {
      const result = await discover({ target, port, out: opts.out, name: opts.name, ...sshOptions(opts) });
      io.out(result.file ? `wrote ${opts.out}: host ${result.host.nodeName}, ${result.host.bridges.length} bridges, ${result.host.storage.length} storage, ${result.host.pci.length} PCI devices, ${result.host.guests.length} existing guests` : result.text.trimEnd());
    } catch (err) {
      if (!(err instanceof SshError) && !(err instanceof RemoteCommandError)) throw err;
      io.err(`error: ${err.message}`);
      io.err(`fix: ${err instanceof SshError ? err.fix : `run \`${err.command}\` on ${target} to see why (discover needs a Proxmox VE node)`}`);
      setCode(EXIT.invalid);
    }
  });
}
