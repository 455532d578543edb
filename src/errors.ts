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

/** Formats a problem as `file:line:col: path: message; fix: ...`. */
export function formatProblem(p: ProfileProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ` : '';
  return `${where}${p.path || '(profile)'}: ${p.message}${p.fix ? `; fix: ${p.fix}` : ''}`;
}

/** The profile could not be read, parsed or did not match the schema or the lab's rules. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(readonly problems: readonly ProfileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
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

/** Writing output failed; the previous output was left as it was. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** Throws a ProfileError for a single problem. */
export function profileError(path: string, message: string, fix?: string): never {
  throw new ProfileError([{ path, message, fix }]);
}
