/** `homelab schema`: prints (or writes) the profile's JSON Schema for editors. */
import type { Command } from 'commander';
import type { Io } from './main';

export function registerSchema(program: Command, io: Io): void {
  program
    .command('schema')
    .description('Print the JSON Schema (draft 2020-12) of the profile, for editor completion')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(async (opts: { out?: string }) => {
      const { profileJsonSchema } = await import('../schema/json-schema');
      const text = `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
      if (!opts.out) return io.out(text.trimEnd());
      const { writeFileSync } = await import('node:fs');
      writeFileSync(opts.out, text);
    });
}
