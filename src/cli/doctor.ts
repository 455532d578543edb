/** `homelab doctor`: flags only; the work is `doctor()` in src/doctor, loaded when the command runs. */
import type { Command } from 'commander';
import { DEFAULT_PROFILE } from './synth';
import { EXIT } from './exit-codes';
import type { Io } from './main';
import { parseFormat } from './output-format';
import { addSshFlags, sshOptions, type SshFlags } from './ssh-flags';

export function registerDoctor(program: Command, io: Io, setCode: (code: number) => void): void {
  addSshFlags(
    program
      .command('doctor')
      .description('Check the Proxmox hosts of a profile over SSH: version, node name, IOMMU, PCI passthrough, bridges, storage, CPU and memory')
      .option('-p, --profile <file>', 'profile YAML', DEFAULT_PROFILE)
      .option('--host <name>', 'check only this host (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
      .option('--format <format>', 'text or json', 'text'),
  ).action(async (opts: SshFlags & { profile: string; host?: string[]; format: string }) => {
    const format = parseFormat(opts.format, ['text', 'json']);
    const ssh = sshOptions(opts);
    const { doctor } = await import('../doctor/runner');
    const { renderDoctorJson, renderDoctorText } = await import('../doctor/render');
    const report = await doctor({ profile: opts.profile, hosts: opts.host, ...ssh });
    io.out(format === 'json' ? renderDoctorJson(report) : renderDoctorText(report));
    setCode(report.ok ? EXIT.ok : EXIT.invalid);
  });
}
