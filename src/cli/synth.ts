/** `homelab synth`: flags only; the work is `synth()` in src/synth, loaded when the command runs. */
import type { Command } from 'commander';
import type { Io } from './main';
import { isAbsolute } from 'node:path';
import { EXIT } from './exit-codes';
import { parseFormat } from './output-format';
import { addProfileArg, chooseProfile } from './profile-arg';

export { DEFAULT_PROFILE } from './profile-arg';

export function registerSynth(program: Command, io: Io, setCode: (code: number) => void): void {
  addProfileArg(program
    .command('synth')
    .description('Write Terraform JSON (cdktf.out/stacks/<stack>/cdk.tf.json) and the GitOps tree of each cluster')
    .option('-o, --out <dir>', 'output directory, relative to the project', 'cdktf.out')
    .option('--project <dir>', 'project directory: GitOps trees, state and generated files are relative to it (default: the current directory)')
    .option('--inventory <file>', 'where to write the inventory (addresses, VMIDs, PCI, storage), relative to the project', 'docs/inventory.md')
    .option('--no-inventory', 'do not write the inventory')
    .option('--state-dir <dir>', 'folder of the local backend\'s state files (terraform.<stack>.tfstate), relative to the project (default: the profile\'s folder when it is inside the project, else the project)')
    .option('--prune', 'remove files in the output trees that synth did not write (they are kept and reported otherwise)')
    .option('--force', 'overwrite a hand-written file where synth generates one (e.g. docs/inventory.md without the generated header)')
    .option('-q, --quiet', 'print nothing on success')
    .option('--format <format>', 'text or json (problems as objects, for editors and CI)', 'text')
    .option('--check', 'write nothing; exit 2 naming the files when the committed GitOps tree, inventory or (when present) Terraform output differs from what the profile produces')
    .option('--print-env', 'print the environment variables the profile needs (an .envrc.example) and synthesize nothing'))
    .action(async (positional: string | undefined, opts: { profile?: string; out: string; project?: string; quiet?: boolean; format: string; inventory: string | false; printEnv?: boolean; prune?: boolean; force?: boolean; check?: boolean; stateDir?: string }) => {
      parseFormat(opts.format, ['text', 'json']);
      const profile = chooseProfile(positional, opts.profile);
      if (opts.printEnv) {
        const { printEnv } = await import('../schema/load');
        return io.out(printEnv(profile).trimEnd());
      }
      if (opts.check) return check(io, setCode, { profile, outDir: opts.out, projectDir: opts.project, inventory: opts.inventory, stateDir: opts.stateDir }, opts.format === 'json');
      const { synth } = await import('../synth/synth');
      const result = await synth({ profile, outDir: opts.out, projectDir: opts.project, inventory: opts.inventory, prune: opts.prune, force: opts.force, stateDir: opts.stateDir });
      const { formatFinding } = await import('../validate/finding');
      for (const w of result.warnings) io.err(formatFinding(w));
      for (const t of result.gitops) for (const w of t.warnings) io.err(`warning: ${w}`);
      for (const n of result.notes) io.err(`note: ${n}`);
      if (opts.quiet) return;
      if (opts.format === 'json') {
        const stacks = result.stacks.map(({ file, ...s }) => ({ ...s, file: relativeToCwd(file) }));
        return io.out(JSON.stringify(result.gitops.length ? { stacks, gitops: result.gitops } : stacks, null, 2));
      }
      for (const s of result.stacks) {
        io.out(`${s.name}: ${s.resources} resources, ${s.dataSources} data sources, ${s.vms} VMs, ${s.clusters} clusters -> ${relativeToCwd(s.file)}`);
      }
      if (result.applyOrder.length > 1) io.out(`apply order: ${result.applyOrder.join(' -> ')}`);
      for (const t of result.gitops) {
        io.out(`${t.cluster}: ${t.files} GitOps files -> ${t.path}/`);
        for (const x of t.secrets ?? []) io.out(`  secret ${x.namespace}/${x.name} (${x.usedBy}): ${x.command}`);
        io.out(`  bootstrap (once): ${t.bootstrap}`);
      }
      if (result.inventory) io.out(`inventory -> ${relativeToCwd(result.inventory)}`);
    });
}

async function check(io: Io, setCode: (code: number) => void, options: import('../synth/check').CheckOptions, json: boolean): Promise<void> {
  const { synthCheck } = await import('../synth/check');
  const { formatFinding } = await import('../validate/finding');
  const result = await synthCheck(options);
  for (const w of result.warnings) io.err(formatFinding(w));
  if (json) io.out(JSON.stringify({ compared: result.compared, differences: result.differences }, null, 2));
  else {
    for (const d of result.differences) io.out(`${d.change}: ${d.file}`);
    const n = result.differences.length;
    io.out(n ? `${n} file(s) differ from what the profile produces (${result.compared.join(', ')}); run homelab synth and commit` : `up to date: ${result.compared.join(', ') || 'nothing to compare'}`);
  }
  if (result.differences.length) setCode(EXIT.changes);
}

function relativeToCwd(file: string): string {
  if (!isAbsolute(file)) return file;
  const cwd = process.cwd();
  return file.startsWith(`${cwd}/`) ? file.slice(cwd.length + 1) : file;
}
