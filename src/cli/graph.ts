/** `homelab graph`: flags only; the graph model and renderers live in src/graph (no cdktf). */
import type { Command } from 'commander';
import type { Io } from './main';
import { printOrWrite } from './print-or-write';
import { addProfileArg, chooseProfile } from './profile-arg';

interface GraphFlags {
  readonly profile?: string;
  readonly format: string;
  readonly out?: string;
}

export function registerGraph(program: Command, io: Io): void {
  addProfileArg(program
    .command('graph')
    .description('Draw the lab: hosts, VMs/containers, NICs, bridges/VLANs, PCI devices, clusters and their apps')
    .option('--format <format>', 'mermaid, dot (Graphviz) or svg (Graphviz when dot is on PATH, else a built-in layout)', 'mermaid')
    .option('-o, --out <file>', 'write to a file instead of stdout'))
    .action(async (positional: string | undefined, opts: GraphFlags) => {
      const { graph } = await import('../graph/graph');
      await printOrWrite(io, await graph({ profile: chooseProfile(positional, opts.profile), format: opts.format }), opts.out);
    });
}
