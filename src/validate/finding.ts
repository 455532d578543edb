/** A finding of `homelab validate`: a rule id, a place in the profile and the change that fixes it. */
import type { Lab } from '../model/types';

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Stable rule id, e.g. `HL-ADDR-001`; warnings can be acknowledged by it. */
  readonly id: string;
  readonly severity: Severity;
  /** Field path in the profile, e.g. `clusters.main.workers[1].nics[2].address`. */
  readonly path: string;
  /** What is wrong, including the value received. */
  readonly message: string;
  /** What to change. */
  readonly fix: string;
  /** Profile file of the field, when the profile came from a file. */
  readonly file?: string;
  /** 1-based line of the field (or its nearest ancestor present in the file). */
  readonly line?: number;
  readonly column?: number;
}

/** What a rule reports; the rule adds its id and severity. */
export interface Hit {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** A cross-layer check on the resolved lab. Rules are pure: they read the lab and return hits. */
export interface Rule {
  /** Stable id, `<PREFIX>-<AREA>-<NNN>`; user rules bring their own prefix. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly description: string;
  check(lab: Lab): Iterable<Hit>;
}

export const isError = (f: Finding): boolean => f.severity === 'error';

function where(f: Finding): string {
  return f.file ? `${f.file}${f.line ? `:${f.line}:${f.column ?? 1}` : ''}: ` : '';
}

/** `error HL-NET-001 path: message; fix: ...` (with `file:line:col: ` in front when known). */
export function formatFinding(f: Finding): string {
  return `${where(f)}${f.severity} ${f.id} ${f.path || '(profile)'}: ${f.message}; fix: ${f.fix}`;
}

/** The line `homelab validate` prints: `error path: message [HL-NET-001]; fix: ...`. */
export function formatFindingLine(f: Finding): string {
  return `${f.severity} ${where(f)}${f.path || '(profile)'}: ${f.message} [${f.id}]; fix: ${f.fix}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 errors, 1 warning` (plus `, 3 acknowledged` when some warnings were silenced). */
export function summarize(findings: readonly Finding[], acknowledged = 0): string {
  const errors = findings.filter(isError).length;
  const ack = acknowledged > 0 ? `, ${acknowledged} acknowledged` : '';
  return `${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}${ack}`;
}
