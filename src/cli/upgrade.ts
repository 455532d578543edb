/** `homelab upgrade`: flags only; the rollout lives in src/talos/upgrade.ts. */
import type { Command } from 'commander';
import type { Io } from './main';
import { addProfileArg, chooseProfile } from './profile-arg';

export function registerUpgrade(program: Command, io: Io): void {
  addProfileArg(program
    .command('upgrade')
    .description('Roll a new Talos version or extension set out in place with talosctl (control planes one at a time, then workers, then Kubernetes)')
    .option('-c, --cluster <name>', 'Talos cluster to upgrade (default: the only one)')
    .option('--dry-run', 'print the commands in order, run nothing')
    .option('--from <node>', 'resume at this node (after fixing a failed step)')
    .option('--skip-kubernetes', 'do not run talosctl upgrade-k8s')
    .option('--out <dir>', 'synth output directory whose stack holds the Terraform outputs', 'cdktf.out'))
    .action(async (positional: string | undefined, opts: { profile?: string; cluster?: string; dryRun?: boolean; from?: string; skipKubernetes?: boolean; out: string }) => {
      const { upgrade } = await import('../talos/upgrade');
      const result = await upgrade({ ...opts, profile: chooseProfile(positional, opts.profile), outDir: opts.out, log: io.out });
      io.out(opts.dryRun ? `${result.steps.length} step(s) for cluster ${result.cluster}; nothing was run (--dry-run).` : `cluster ${result.cluster}: ${result.ran} step(s) done.`);
    });
}
