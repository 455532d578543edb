/** `homelab validate`: flags only; the rules live in src/validate, loaded when the command runs (no cdktf). */
import type { Command } from 'commander';
import { EXIT } from './exit-codes';
import type { Io } from './main';
import { parseFormat } from './output-format';
import { addProfileArg, chooseProfile } from './profile-arg';

interface ValidateFlags {
  readonly profile?: string;
  readonly format: string;
  readonly strict?: boolean;
  readonly project?: string;
  readonly out: string;
  readonly inventory: string | false;
}

export function registerValidate(program: Command, io: Io, setCode: (code: number) => void): void {
  addProfileArg(program
    .command('validate')
    .description('Check the lab across layers (addresses, VMIDs, MACs, PCI owners, budgets, MTUs, LB pools, storage replicas, app order); writes nothing')
    .option('--format <format>', 'text or json (findings as objects, for editors and CI)', 'text')
    .option('--strict', 'fail on warnings too')
    .option('--project <dir>', 'project directory that output paths must stay inside (default: the current directory)')
    .option('-o, --out <dir>', 'the synth output directory to check, relative to the project (as given to synth)', 'cdktf.out')
    .option('--inventory <file>', 'the inventory file to check (as given to synth)', 'docs/inventory.md')
    .option('--no-inventory', 'synth writes no inventory'))
    .action(async (positional: string | undefined, opts: ValidateFlags) => {
      const profile = chooseProfile(positional, opts.profile);
      const format = parseFormat(opts.format, ['text', 'json']);
      const { validate, formatFindingLine, summarize } = await import('../validate/validate');
      const result = await validate({ profile, strict: opts.strict, projectDir: opts.project, outDir: opts.out, inventory: opts.inventory });
      const verdict = result.ok ? 'valid' : result.errors > 0 ? 'invalid' : 'invalid (--strict: warnings fail)';
      const summary = `${profile}: ${summarize(result.findings, result.acknowledged)}; ${verdict}`;
      if (format === 'json') {
        const json = result.findings.map((f) => ({ id: f.id, severity: f.severity, file: f.file, line: f.line, column: f.column, path: f.path, message: f.message, fix: f.fix }));
        io.out(JSON.stringify(json, null, 2));
        io.err(summary);
      } else {
        for (const f of result.findings) io.out(formatFindingLine(f));
        io.out(summary);
      }
      if (!result.ok) setCode(EXIT.invalid);
    });
}
