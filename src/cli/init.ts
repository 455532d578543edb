/** `homelab init [dir]`: flags only; the work is `init()` in src/init. */
import type { Command } from 'commander';
import { UsageError } from '../errors';
import type { Io } from './main';

export function registerInit(program: Command, io: Io): void {
  program
    .command('init [dir]')
    .description('Scaffold a new homelab repository (profile, .gitignore, .envrc.example, CI workflow, README); never overwrites')
    .option('--engine <engine>', 'GitOps engine: flux or argocd', 'flux')
    .option('--talos', 'Talos cluster (default)')
    .option('--k3s', 'K3s cluster on cloud-init VMs')
    .option('--from <spec>', 'the homelab-cdk dependency of the scaffold (version range, file: path, tarball or git URL); default: where this homelab came from')
    .action(async (dir: string | undefined, opts: { engine: string; talos?: boolean; k3s?: boolean; from?: string }) => {
      if (opts.engine !== 'flux' && opts.engine !== 'argocd') throw new UsageError(`--engine must be flux or argocd (got "${opts.engine}")`);
      if (opts.talos && opts.k3s) throw new UsageError('choose one of --talos and --k3s');
      const { init } = await import('../init/init');
      const result = await init({ dir, engine: opts.engine, distribution: opts.k3s ? 'k3s' : 'talos', dependency: opts.from });
      for (const f of result.files) io.out(`created ${f}`);
      io.out(`homelab-cdk dependency: ${result.dependency}`);
      io.out(`next: cd ${dir ?? '.'} && npm install && npx homelab validate && npx homelab synth`);
    });
}
