/**
 * Error classes, one per kind of failure. The CLI maps each kind to an exit code in one place
 * (`cli/main.ts`); library code only throws.
 */
import { formatFinding, summarize, type Finding } from './validate/finding';

/** One problem in a profile, located by its field path (and, when known, file:line:col). */
export interface ProfileProblem {
  /** Field path in the profile, e.g. `clusters.main.workers[1].nics[2].bridge`. */
  readonly path: string;
  /** What is wrong, including the value received. */
  readonly message: string;
  /** What to change. */
  readonly fix?: string;
  /** Source file of the field, when the profile came from a file. */
  readonly file?: string;
  /** 1-based line of the field in `file`. */
  readonly line?: number;
  /** 1-based column of the field in `file`. */
  readonly column?: number;
}

/** The fix of a problem; every rejection has one (the field reference when nothing more specific is known). */
export function fixOf(p: ProfileProblem): string {
  return p.fix ?? (p.path ? `see ${p.path.replace(/\[\d+\]/g, '[]')} in docs/profile.md` : 'see docs/profile.md');
}

/** Formats a problem as `file:line:col: path: message; fix: ...`. */
export function formatProblem(p: ProfileProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ` : '';
  return `${where}${p.path || '(profile)'}: ${p.message}; fix: ${fixOf(p)}`;
}

/** Problems printed before the rest are only counted. */
export const MAX_PRINTED_PROBLEMS = 50;

/**
 * The lines of a problem list: problems with the same message and fix collapse into one line naming how
 * many more places share it, and at most MAX_PRINTED_PROBLEMS lines are printed, then a count.
 */
export function formatProblemList(problems: readonly ProfileProblem[], max = MAX_PRINTED_PROBLEMS): string[] {
  const groups = new Map<string, ProfileProblem[]>();
  for (const p of problems) {
    const key = `${p.message}\u0000${p.fix ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const lines = [...groups.values()].map((g) => {
    if (g.length <= 2) return g.map(formatProblem);
    const more = g.slice(1).map((p) => p.path || (p.line ? `line ${p.line}` : p.file)).filter(Boolean);
    return [`${formatProblem(g[0]!)} (the same at ${g.length - 1} more place(s): ${more.slice(0, 5).join(', ')}${more.length > 5 ? ', ...' : ''})`];
  }).flat();
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `... and ${lines.length - max} more problem(s) not shown (fix these first, or use --format json for all)`];
}

/** The profile could not be read, parsed or did not match the schema or the lab's rules. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(readonly problems: readonly ProfileProblem[]) {
    super(formatProblemList(problems).join('\n'));
  }
}

/** Cross-layer validation found errors in the lab (`homelab validate` rules); nothing was written. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  /** `2 errors, 1 warning`. */
  readonly summary: string;
  constructor(readonly findings: readonly Finding[]) {
    super(findings.map(formatFinding).join('\n'));
    this.summary = summarize(findings);
  }
}

/** The command line was wrong (unknown option value, missing argument). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Writing output failed; `unchanged` says whether the previous output was left as it was. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  /** The previous output is intact (nothing was replaced). @default true */
  readonly unchanged: boolean;
  constructor(message: string, options: { unchanged?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.unchanged = options.unchanged ?? true;
  }
}

/** Another `homelab synth` holds the project's lock. */
export class BusyError extends Error {
  override readonly name = 'BusyError';
}

/** Error codes of the file system that are the user's environment, not a bug. */
const IO_HINTS: Record<string, string> = {
  EACCES: 'permission denied; check the owner and permissions (or choose another path)',
  EPERM: 'operation not permitted; check the permissions and attributes (chattr) of the path',
  EROFS: 'the file system is read-only; remount it read-write or choose another path',
  ENOSPC: 'no space left on the device; free some space and run again',
  EDQUOT: 'disk quota exceeded; free some space and run again',
  ENOTDIR: 'a part of the path is a file, not a directory; choose another path',
  ENOENT: 'the directory does not exist; create it or choose another path',
  EISDIR: 'it is a directory; give a file name',
  EEXIST: 'it already exists; move it away or choose another path',
  ENOTEMPTY: 'the directory is not empty; move it away or choose another path',
  EMFILE: 'too many open files; raise the limit (ulimit -n) and run again',
  ENFILE: 'too many open files on the system; run again later',
  EBUSY: 'the path is busy (a mount point or in use); choose another path',
  EXDEV: 'the path is a mount point or on another file system; synth swaps folders by renaming, so keep outputs on the project\'s file system',
  ELOOP: 'too many symbolic links; fix the link',
  ENAMETOOLONG: 'the path is too long; choose a shorter one',
  EIO: 'an I/O error occurred on the device; check the disk',
};

/** A Node.js file system error (EACCES, ENOSPC, ...) caused by the environment rather than a bug. */
export function isIoError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in IO_HINTS;
}

/** One line for an I/O error: `cannot write <path>: <what happened>; <what to do>`. */
export function describeIoError(err: NodeJS.ErrnoException, path?: string): string {
  const where = path ?? err.path ?? '(unknown path)';
  const verb = err.syscall === 'open' || err.syscall === 'write' || err.syscall === 'mkdir' || err.syscall === 'rename' ? 'write' : err.syscall === 'read' || err.syscall === 'scandir' || err.syscall === 'stat' ? 'read' : 'use';
  const hint = err.code === 'EEXIST' && err.syscall === 'mkdir' ? 'a file is where a directory is needed; move it away or choose another path' : IO_HINTS[err.code!];
  return `cannot ${verb} ${where}: ${err.code} ${hint ?? ''}`.trim();
}

/** An OutputError for an I/O error, naming the path and what to do. */
export function ioFailure(err: unknown, path: string | undefined, unchanged: boolean): OutputError {
  if (err instanceof OutputError) return err;
  if (!isIoError(err)) throw err;
  return new OutputError(describeIoError(err, path), { unchanged, cause: err });
}

/** Throws a ProfileError for a single problem. */
export function profileError(path: string, message: string, fix?: string): never {
  throw new ProfileError([{ path, message, fix }]);
}
