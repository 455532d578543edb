/**
 * CLI entry: declares the commands (each in its own file, loading its implementation lazily) and maps
 * errors to exit codes. The only place that decides exit codes; bin/homelab.js sets process.exitCode.
 */
import { Command, CommanderError } from 'commander';
import { registerDiff } from './diff';
import { EXIT } from './exit-codes';
import { describeIoError, fixOf, isIoError } from '../errors';
import { outputFormat } from './output-format';
import { registerGraph } from './graph';
import { registerInit } from './init';
import { registerInventory } from './inventory';
import { registerSchema } from './schema';
import { registerSynth } from './synth';
import { registerUpgrade } from './upgrade';
import { registerValidate } from './validate';

export interface Io {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('homelab')
    .description('One typed model of a Proxmox homelab (Talos or K3s), synthesized to Terraform JSON and a GitOps tree.')
    .version(readVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run homelab --help for usage)');
  registerSynth(program, io, setCode);
  registerDiff(program, io, setCode);
  registerValidate(program, io, setCode);
  registerSchema(program, io);
  registerInit(program, io);
  registerGraph(program, io);
  registerInventory(program, io);
  registerUpgrade(program, io);
  (require('./doctor') as typeof import('./doctor')).registerDoctor(program, io, setCode);
  (require('./discover') as typeof import('./discover')).registerDiscover(program, io, setCode);
  return program;
}

/** Runs the CLI and resolves to the exit code; never calls process.exit. */
export async function run(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.ok;
  outputFormat.current = 'text';
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    return handleError(err, io);
  }
}

function handleError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const name = (err as Error | undefined)?.name;
  switch (name) {
    case 'ProfileError':
      if (outputFormat.current === 'json') {
        io.out(JSON.stringify(problemsAsFindings(err), null, 2));
        return EXIT.invalid;
      }
      io.err((err as Error).message);
      io.err(`${problemCount(err)} problem(s); nothing was written.`);
      return EXIT.invalid;
    case 'ValidationError':
      if (outputFormat.current === 'json') {
        io.out(JSON.stringify((err as { findings?: unknown[] }).findings ?? [], null, 2));
        return EXIT.invalid;
      }
      io.err((err as Error).message);
      io.err(`${(err as { summary?: string }).summary}; nothing was written (homelab validate shows the same findings).`);
      return EXIT.invalid;
    case 'UpgradeError':
      io.err(`error: ${(err as Error).message}`);
      return EXIT.tool;
    case 'UsageError':
      io.err(`error: ${(err as Error).message}`);
      return EXIT.usage;
    case 'OutputError':
      io.err(`error: ${(err as Error).message}${(err as { unchanged?: boolean }).unchanged === false ? '' : '; the previous output is unchanged.'}`);
      return EXIT.output;
    case 'BusyError':
      io.err(`error: ${(err as Error).message}`);
      return EXIT.output;
    default:
      if (isIoError(err)) {
        io.err(`error: ${describeIoError(err)}`);
        return EXIT.output;
      }
      io.err(`internal error (please report): ${(err as Error)?.stack ?? String(err)}`);
      return EXIT.internal;
  }
}

/** Profile problems as finding objects (for editors and CI annotations). */
function problemsAsFindings(err: unknown): object[] {
  const problems = (err as { problems?: Record<string, unknown>[] }).problems ?? [];
  return problems.map((p) => ({ id: 'HL-PROFILE', severity: 'error', file: p.file, line: p.line, column: p.column, path: p.path, message: p.message, fix: fixOf(p as never) }));
}

function problemCount(err: unknown): number {
  return (err as { problems?: unknown[] }).problems?.length ?? 1;
}

function readVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../../package.json') as { version: string }).version;
}
