/** `homelab inventory`: flags only; the tables are built by src/inventory (no cdktf). */
import type { Command } from 'commander';
import type { Io } from './main';
import { printOrWrite } from './print-or-write';
import { addProfileArg, chooseProfile } from './profile-arg';

export function registerInventory(program: Command, io: Io): void {
  addProfileArg(program
    .command('inventory')
    .description('Print the lab inventory as Markdown: addresses, VMIDs, PCI passthrough, storage')
    .option('-o, --out <file>', 'write to a file (e.g. docs/inventory.md) instead of stdout'))
    .action(async (positional: string | undefined, opts: { profile?: string; out?: string }) => {
      const { inventory } = await import('../inventory/inventory');
      await printOrWrite(io, await inventory({ profile: chooseProfile(positional, opts.profile) }), opts.out);
    });
}
