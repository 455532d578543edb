/** `homelab synth`: flags only; the work is `synth()` in src/synth, loaded when the command runs. */
import type { Command } from 'commander';
import type { Io } from './main';
import { parseFormat } from './output-format';

export const DEFAULT_PROFILE = 'profiles/default.yaml';

export function registerSynth(program: Command, io: Io, _setCode: (code: number) => void): void {
  program
    .command('synth')
    .description('Write Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json) for a profile')
    .option('-p, --profile <file>', 'profile YAML', DEFAULT_PROFILE)
    .option('-o, --out <dir>', 'output directory', 'cdktf.out')
    .option('-q, --quiet', 'print nothing on success')
    .option('--format <format>', 'text or json (problems as objects, for editors and CI)', 'text')
    .action(async (opts: { profile: string; out: string; quiet?: boolean; format: string }) => {
      parseFormat(opts.format, ['text', 'json']);
      const { synth } = await import('../synth/synth');
      const result = await synth({ profile: opts.profile, outDir: opts.out });
      const { formatFinding } = await import('../validate/finding');
      for (const w of result.warnings) io.err(formatFinding(w));
      if (opts.quiet) return;
      if (opts.format === 'json') return io.out(JSON.stringify(result.stacks.map(({ file, ...s }) => ({ ...s, file: relativeToCwd(file) })), null, 2));
      for (const s of result.stacks) {
        io.out(`${s.name}: ${s.resources} resources, ${s.dataSources} data sources, ${s.vms} VMs, ${s.clusters} clusters -> ${relativeToCwd(s.file)}`);
      }
    });
}

function relativeToCwd(file: string): string {
  const cwd = process.cwd();
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
