/** `homelab doctor`: flags only; the work is `doctor()` in src/doctor, loaded when the command runs. */
import type { Command } from 'commander';
import { addProfileArg, chooseProfile } from './profile-arg';
import { EXIT } from './exit-codes';
import type { Io } from './main';
import { parseFormat } from './output-format';
import { addSshFlags, sshOptions, type SshFlags } from './ssh-flags';

export function registerDoctor(program: Command, io: Io, setCode: (code: number) => void): void {
  addSshFlags(
    addProfileArg(program
      .command('doctor'))
      .description('Check the Proxmox hosts of a profile over SSH: version, node name, IOMMU, PCI passthrough, bridges, storage, CPU and memory')
      .option('--host <name>', 'check only this host (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
      .option('--format <format>', 'text or json', 'text')
      .option('--no-progress', 'do not print a line per host and check as it runs (on stderr)'),
  ).action(async (positional: string | undefined, opts: SshFlags & { profile?: string; host?: string[]; format: string; progress: boolean }) => {
    const format = parseFormat(opts.format, ['text', 'json']);
    const ssh = sshOptions(opts);
    const { doctor } = await import('../doctor/runner');
    const { renderDoctorJson, renderDoctorText } = await import('../doctor/render');
    const report = await doctor({ profile: chooseProfile(positional, opts.profile), hosts: opts.host, ...ssh, onProgress: opts.progress ? io.err : undefined });
    io.out(format === 'json' ? renderDoctorJson(report) : renderDoctorText(report));
    setCode(report.ok ? EXIT.ok : EXIT.invalid);
  });
}
