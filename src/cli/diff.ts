/**
 * `homelab diff`: flags only; the work is `diff()` in src/diff, loaded when the command runs.
 * Exit codes like `terraform plan -detailed-exitcode`: 0 no change, 2 changes, 1 error.
 */
import { type Command, Option } from 'commander';
import { EXIT } from './exit-codes';
import type { Io } from './main';
import { addProfileArg, chooseProfile } from './profile-arg';

export function registerDiff(program: Command, io: Io, setCode: (code: number) => void): void {
  addProfileArg(program
    .command('diff')
    .description('Compare what a profile synthesizes (Terraform and Kubernetes objects) with a git ref or a synth output directory (exit 0: no change, 2: changes, 1: error or a change that cannot be applied, e.g. VERSION SKIP)')
    .addOption(new Option('--base <git-ref>', 'git ref whose copy of the profile is the base (default: HEAD)').conflicts('baseDir'))
    .option('--base-dir <dir>', 'an existing synth output directory (cdktf.out) as the base, relative to the project')
    .option('--project <dir>', 'project directory: output paths and --base-dir are relative to it (default: the current directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text')))
    .action(async (positional: string | undefined, opts: { profile?: string; base?: string; baseDir?: string; project?: string; format: 'text' | 'markdown' | 'json' }) => {
      const { diff, render } = await import('../diff/diff');
      // An interrupted synth left its journal: finish it first, so diff compares with whole trees.
      const { existsSync } = await import('node:fs');
      const { join, resolve } = await import('node:path');
      const { JOURNAL_FILE, recoverInterrupted } = await import('../synth/journal');
      const project = resolve(opts.project ?? '.');
      if (existsSync(join(project, JOURNAL_FILE))) for (const n of recoverInterrupted(project)) io.err(`note: ${n}`);
      try {
        const result = await diff({ profile: chooseProfile(positional, opts.profile), base: opts.base, baseDir: opts.baseDir, projectDir: opts.project });
        for (const line of render(result, opts.format)) io.out(line);
        setCode((result.errors ?? 0) > 0 ? EXIT.invalid : result.changed ? EXIT.changes : EXIT.ok);
        if ((result.errors ?? 0) > 0) io.err(`error: ${result.errors} change(s) cannot be applied as they are (VERSION SKIP above)`);
      } catch (err) {
        if ((err as Error).name !== 'DiffError') throw err;
        io.err(`error: ${(err as Error).message}`);
        setCode(EXIT.invalid);
      }
    });
}
