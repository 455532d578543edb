/**
 * `homelab validate`: cross-layer rules on the resolved lab (addresses, identity, hardware, network,
 * cluster). Loads no cdktf, so the command starts fast. Findings are data; the CLI decides exit codes.
 */
import { loadLabWithSource } from '../model/load';
import type { Lab } from '../model/types';
import { locateProblem } from '../schema/include';
import type { Source } from '../schema/load';
import type { ProfileInput } from '../schema/profile';
import { isError, type Finding, type Hit, type Rule } from './finding';
import { RULES } from './rules';
import { projectPathFindings } from '../synth/output-paths';
import { resolve } from 'node:path';

export * from './finding';
export { RULES } from './rules';

/** Id of the findings about the `acknowledge` list itself. */
export const ACKNOWLEDGE_RULE_ID = 'HL-ACK-001';

export interface ValidateLabOptions {
  /** Rules to run. @default - the built-in rules (`RULES`) */
  readonly rules?: readonly Rule[];
}

export interface ValidateOptions {
  /** A profile file path, or a profile object (e.g. built by code). */
  readonly profile: string | ProfileInput;
  /** Fail on warnings too. @default false */
  readonly strict?: boolean;
  /** Your own rules, run after the built-in ones; their ids must not clash with built-in ids. @default - none */
  readonly extraRules?: readonly Rule[];
  /** Project directory: output paths must stay inside it. @default process.cwd() */
  readonly projectDir?: string;
  /** The synth output directory to check, relative to the project (`--out`). @default 'cdktf.out' */
  readonly outDir?: string;
  /** The inventory file to check, relative to the project; `false` for none. @default 'docs/inventory.md' */
  readonly inventory?: string | false;
}

export interface PathCheckOptions {
  readonly projectDir?: string;
  /** Absolute or current-directory-relative output directory. @default '<project>/cdktf.out' */
  readonly outDir?: string;
  readonly inventory?: string | false;
  /** `--state-dir`, relative to the project. @default - not checked */
  readonly stateDir?: string;
}

/** The HL-PATH findings that need the disk (symlinks, the profile inside an output, --out, --inventory). */
export function projectFindings(lab: Lab | undefined, profile: string | ProfileInput | undefined, source: Source | undefined, options: PathCheckOptions = {}): Finding[] {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const profileFiles = source ? [...source.files.keys()].map((f) => resolve(f)) : typeof profile === 'string' ? [resolve(profile)] : [];
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const inventory = options.inventory === false ? undefined : resolve(projectDir, options.inventory ?? 'docs/inventory.md');
  const stateDir = options.stateDir === undefined ? undefined : resolve(projectDir, options.stateDir);
  const hits = projectPathFindings(lab, { projectDir, profileFiles, outDir, inventory, stateDir });
  // Findings about command-line options have no place in the profile.
  return hits.map((h) => (h.path.startsWith('--') ? h : locateFindings([h], source)[0]!));
}

export interface ValidateResult {
  readonly lab: Lab;
  /** Errors and unacknowledged warnings, sorted by path, with file:line:col when the profile is a file. */
  readonly findings: readonly Finding[];
  readonly errors: number;
  readonly warnings: number;
  /** Warnings silenced by the profile's `acknowledge` list. */
  readonly acknowledged: number;
  /** No errors (and, with `strict`, no warnings). */
  readonly ok: boolean;
}

/** `a.b[2].c` -> ['a', 'b', 2, 'c']. */
const segments = (path: string) => [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));

/** Orders paths as they read: `workers[2]` before `workers[10]`. */
function comparePaths(a: string, b: string): number {
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i]!, y[i]!];
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    return String(p) < String(q) ? -1 : 1;
  }
  return x.length - y.length;
}

const byPath = (a: Finding, b: Finding) =>
  comparePaths(a.path, b.path) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);

function runRule(rule: Rule, lab: Lab): Finding[] {
  let hits: Hit[];
  try {
    hits = [...rule.check(lab)];
  } catch (err) {
    throw new Error(`rule ${rule.id} failed: ${(err as Error)?.message ?? err}`, { cause: err });
  }
  return hits.map((h) => ({ id: rule.id, severity: rule.severity, path: h.path, message: h.message, fix: h.fix }));
}

/** Findings about the acknowledge list: unknown ids, errors (which cannot be silenced), stale entries. */
function acknowledgeFindings(lab: Lab, rules: readonly Rule[], findings: readonly Finding[]): Finding[] {
  const known = new Map([...RULES, ...rules].map((r) => [r.id, r]));
  const ran = new Set(rules.map((r) => r.id));
  return lab.acknowledge.flatMap(({ id }, i) => {
    const rule = known.get(id);
    const problem = !rule
      ? { message: `acknowledges "${id}", which is not a rule id`, fix: `use the id printed by homelab validate, e.g. ${RULES.find((r) => r.severity === 'warning')!.id}` }
      : rule.severity === 'error'
        ? { message: `acknowledges ${id}, an error rule; errors cannot be acknowledged`, fix: `fix what ${id} reports and remove this entry` }
        : ran.has(id) && !findings.some((f) => f.id === id)
          ? { message: `acknowledges ${id}, but the lab has no such warning any more`, fix: 'remove this entry' }
          : undefined;
    return problem ? [{ id: ACKNOWLEDGE_RULE_ID, severity: 'warning' as const, path: `acknowledge[${i}].id`, ...problem }] : [];
  });
}

function checkIds(rules: readonly Rule[]): void {
  const ids = new Set<string>();
  for (const r of rules) {
    if (ids.has(r.id) || r.id === ACKNOWLEDGE_RULE_ID) throw new Error(`rule id ${r.id} is used by more than one rule`);
    ids.add(r.id);
  }
}

/** Runs the rules; returns the findings left after acknowledgements and how many were silenced. */
function run(lab: Lab, rules: readonly Rule[]): { findings: Finding[]; acknowledged: number } {
  checkIds(rules);
  const raw = rules.flatMap((r) => runRule(r, lab));
  const acked = new Set(lab.acknowledge.map((a) => a.id));
  const silenced = (f: Finding) => f.severity === 'warning' && acked.has(f.id);
  const seen = new Set<string>();
  const findings = [...raw.filter((f) => !silenced(f)), ...acknowledgeFindings(lab, rules, raw)]
    .filter((f) => {
      const key = `${f.id}\u0000${f.path}\u0000${f.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort(byPath);
  return { findings, acknowledged: raw.filter(silenced).length };
}

/** Checks a resolved lab; findings sorted by path, then id. Acknowledged warnings are left out. */
export function validateLab(lab: Lab, options: ValidateLabOptions = {}): Finding[] {
  return run(lab, options.rules ?? RULES).findings;
}

/** Adds file:line:col from the profile's YAML to each finding. */
export function locateFindings(findings: readonly Finding[], source: Source | undefined): Finding[] {
  if (!source) return [...findings];
  return findings.map((f) => {
    const { file, line, column } = locateProblem(f, source);
    return { ...f, file, line, column };
  });
}

/** Loads a profile and validates it. Throws ProfileError when the profile itself is invalid. */
export async function validate(options: ValidateOptions): Promise<ValidateResult> {
  const { lab, source } = loadLabWithSource(options.profile, { projectDir: options.projectDir });
  const result = run(lab, [...RULES, ...(options.extraRules ?? [])]);
  const findings = [...locateFindings(result.findings, source), ...projectFindings(lab, options.profile, source, options)];
  const errors = findings.filter(isError).length;
  const warnings = findings.length - errors;
  return { lab, findings, errors, warnings, acknowledged: result.acknowledged, ok: errors === 0 && (!options.strict || warnings === 0) };
}
