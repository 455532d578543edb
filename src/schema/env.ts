/**
 * `${env:NAME}` and `${env:NAME:-default}` in profile string values, substituted on the parsed YAML before
 * zod sees it (`$${env:X}` keeps the text literally). A value that is entirely one reference may feed a number
 * or boolean field: "8" there becomes 8 (see `coerceWholeEnvValues`). `envReferences` lists what a profile
 * needs without resolving anything, for `homelab synth --print-env`.
 */
import type { z } from 'zod';
import type { ProfileProblem } from '../errors';
import { formatPath } from './issues';

const REF = /\$?\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const WHOLE = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

export type Env = Readonly<Record<string, string | undefined>>;

export interface Substituted {
  readonly data: unknown;
  /** Paths of values that were entirely one reference (candidates for number/boolean coercion). */
  readonly whole: ReadonlySet<string>;
  readonly missing: readonly ProfileProblem[];
}

export interface EnvReference {
  readonly name: string;
  readonly defaultValue?: string;
  /** Field paths that use the variable. */
  readonly paths: readonly string[];
}

type Path = (string | number)[];

function walk(value: unknown, path: Path, visit: (s: string, path: Path) => unknown): unknown {
  if (typeof value === 'string') return visit(value, path);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i], visit));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k], visit)]));
  }
  return value;
}

/** Replaces every reference in string values; unset variables without a default become problems. */
export function substituteEnv(input: unknown, env: Env = process.env): Substituted {
  const whole = new Set<string>();
  const missing: ProfileProblem[] = [];
  const data = walk(input, [], (s, path) => {
    if (!s.includes('${env:')) return s;
    if (WHOLE.test(s)) whole.add(formatPath(path));
    return s.replace(REF, (match, name: string, fallback: string | undefined) => {
      if (match.startsWith('$$')) return match.slice(1);
      const value = env[name];
      if (fallback !== undefined && (value === undefined || value === '')) return fallback;
      if (value !== undefined) return value;
      missing.push({
        path: formatPath(path),
        message: `environment variable ${name} is not set`,
        fix: `export ${name}=... (see homelab synth --print-env)`,
      });
      return match;
    });
  });
  return { data, whole, missing };
}

/**
 * For zod issues "expected number/boolean, got string" at a path whose value was entirely a reference,
 * converts the string ("8", "true") in place. Returns the new data, or undefined when nothing changed.
 */
export function coerceWholeEnvValues(data: unknown, issues: readonly z.core.$ZodIssue[], whole: ReadonlySet<string>): unknown {
  const targets = new Map<string, 'number' | 'boolean'>();
  for (const issue of issues) {
    if (issue.code !== 'invalid_type' || (issue.expected !== 'number' && issue.expected !== 'boolean')) continue;
    const path = formatPath(issue.path);
    if (whole.has(path)) targets.set(path, issue.expected as 'number' | 'boolean');
  }
  let changed = false;
  const next = walk(data, [], (s, path) => {
    const type = targets.get(formatPath(path));
    if (type === 'number' && /^-?\d+(\.\d+)?$/.test(s.trim())) return (changed = true), Number(s);
    if (type === 'boolean' && /^(true|false)$/.test(s.trim())) return (changed = true), s.trim() === 'true';
    return s;
  });
  return changed ? next : undefined;
}

/** Every variable a profile refers to, by name, with its default and where it is used. */
export function envReferences(input: unknown): EnvReference[] {
  const refs = new Map<string, { defaultValue?: string; paths: string[] }>();
  walk(input, [], (s, path) => {
    for (const m of s.matchAll(REF)) {
      if (m[0].startsWith('$$')) continue;
      const ref = refs.get(m[1]!) ?? { paths: [] };
      ref.defaultValue ??= m[2];
      ref.paths.push(formatPath(path));
      refs.set(m[1]!, ref);
    }
    return s;
  });
  return [...refs.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, r]) => ({ name, ...r }));
}

/** Variables Terraform reads for the providers and the state backend (never written to a profile). */
export function terraformEnv(backend: unknown): { name: string; note: string }[] {
  const vars = [
    { name: 'PROXMOX_VE_API_TOKEN', note: 'user@realm!token=uuid (or PROXMOX_VE_USERNAME + PROXMOX_VE_PASSWORD)' },
    { name: 'PROXMOX_VE_SSH_AGENT', note: 'true, or PROXMOX_VE_SSH_PRIVATE_KEY: SSH for image and snippet uploads' },
  ];
  if (backend === 's3') vars.push({ name: 'AWS_ACCESS_KEY_ID', note: 'state bucket' }, { name: 'AWS_SECRET_ACCESS_KEY', note: 'state bucket' });
  if (backend === 'pg') vars.push({ name: 'PG_CONN_STR', note: 'postgres://user:pass@host/db for the state' });
  if (backend === 'http') vars.push({ name: 'TF_HTTP_USERNAME', note: 'state server' }, { name: 'TF_HTTP_PASSWORD', note: 'state server' });
  return vars;
}

const shellQuote = (v: string) => (/^[A-Za-z0-9_./:@%+=,-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/** An .envrc.example for a parsed (not yet substituted) profile. */
export function envExample(data: unknown, file: string): string {
  const state = (data as { state?: { backend?: unknown } } | null)?.state?.backend;
  const lines = [`# Environment for ${file} (homelab synth --print-env). Copy to .envrc and fill in.`, '', '# read by homelab while loading the profile'];
  const refs = envReferences(data);
  if (refs.length === 0) lines.push('# (none)');
  for (const r of refs) {
    lines.push(`# ${r.paths.join(', ')}${r.defaultValue !== undefined ? ` (default: ${r.defaultValue || 'empty'})` : ' (required)'}`);
    lines.push(`export ${r.name}=${shellQuote(r.defaultValue ?? '')}`);
  }
  lines.push('', '# read by Terraform (providers and state backend)');
  for (const v of terraformEnv(state ?? 'local')) lines.push(`# ${v.note}`, `export ${v.name}=`);
  return `${lines.join('\n')}\n`;
}
