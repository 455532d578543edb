/** `homelab schema`: prints (or writes) the profile's JSON Schema for editors. */
import type { Command } from 'commander';
import type { Io } from './main';
import { printOrWrite } from './print-or-write';

export function registerSchema(program: Command, io: Io): void {
  program
    .command('schema')
    .description('Print the JSON Schema (draft 2020-12) of the profile, for editor completion')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(async (opts: { out?: string }) => {
      const { profileJsonSchema } = await import('../schema/json-schema');
      await printOrWrite(io, `${JSON.stringify(profileJsonSchema(), null, 2)}\n`, opts.out);
    });
}
