/** Shared by commands that produce one text: print it, or write it to `--out`. */
import { ioFailure } from '../errors';
import type { Io } from './main';

export async function printOrWrite(io: Io, text: string, out: string | undefined): Promise<void> {
  if (!out) return io.out(text.trimEnd());
  const { writeFileSync } = await import('node:fs');
  try {
    writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`);
  } catch (err) {
    throw ioFailure(err, out, false);
  }
}
