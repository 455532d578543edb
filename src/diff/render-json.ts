/** JSON rendering of a diff: the DiffResult with keys sorted at every depth (stable across runs). */
import type { DiffResult } from './diff';

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
}

export function renderJson(result: DiffResult): string[] {
  return [JSON.stringify(sorted(result), null, 2)];
}
