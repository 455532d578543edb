/** `homelab synth`: flags only; the work is `synth()` in src/synth, loaded when the command runs. */
import type { Command } from 'commander';
import type { Io } from './main';

export const DEFAULT_PROFILE = 'profiles/default.yaml';

export function registerSynth(program: Command, io: Io, _setCode: (code: number) => void): void {
  program
    .command('synth')
    .description('Write Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json) for a profile')
    .option('-p, --profile <file>', 'profile YAML', DEFAULT_PROFILE)
    .option('-o, --out <dir>', 'output directory', 'cdktf.out')
    .option('-q, --quiet', 'print nothing on success')
    .action(async (opts: { profile: string; out: string; quiet?: boolean }) => {
      const { synth } = await import('../synth/synth');
      const result = await synth({ profile: opts.profile, outDir: opts.out });
      if (opts.quiet) return;
      for (const s of result.stacks) {
        io.out(`${s.name}: ${s.resources} resources, ${s.dataSources} data sources, ${s.vms} VMs, ${s.clusters} clusters -> ${relativeToCwd(s.file)}`);
      }
    });
}

function relativeToCwd(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
