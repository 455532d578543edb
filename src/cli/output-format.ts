/** The output format a command chose (`--format`), read by main.ts when it reports an error. */
export type OutputFormat = 'text' | 'json' | 'markdown';

export const outputFormat: { current: OutputFormat } = { current: 'text' };

/** Parses a --format value; throws UsageError listing the allowed values. */
export function parseFormat(value: string, allowed: readonly OutputFormat[]): OutputFormat {
  if ((allowed as readonly string[]).includes(value)) return (outputFormat.current = value as OutputFormat);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { UsageError } = require('../errors') as typeof import('../errors');
  throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${value}")`);
}
