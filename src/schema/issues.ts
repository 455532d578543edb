/** Turns zod issues into profile problems that name the field path and the fix. */
import type { z } from 'zod';
import type { ProfileProblem } from '../errors';

/** `clusters.main.workers[1].nics[2].bridge` from `['clusters','main','workers',1,'nics',2,'bridge']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The nearest candidate within a small edit distance, if any. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  return best;
}

export type KnownKeys = (path: readonly PropertyKey[]) => readonly string[];

/** Converts one zod issue into problems (an unknown-keys issue gives one problem per key). */
export function issueToProblems(issue: z.core.$ZodIssue, knownKeys: KnownKeys): ProfileProblem[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(issue.path);
      return issue.keys.map((key) => {
        const guess = nearest(key, known);
        return {
          path: formatPath([...issue.path, key]),
          message: `unknown field "${key}"`,
          fix: guess ? `did you mean "${guess}"?` : known.length ? `allowed fields: ${known.join(', ')}` : 'remove it',
        };
      });
    }
    case 'invalid_value':
      return [{ path, message: `invalid value`, fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'invalid_type':
      return [
        issue.input === undefined
          ? { path, message: `required field is missing`, fix: `add ${path || 'it'} (${issue.expected})` }
          : { path, message: `expected ${issue.expected}, got ${describe(issue.input)}`, fix: `write ${article(issue.expected)} here` },
      ];
    case 'invalid_key': {
      const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message ?? issue.message;
      return [{ path, message: `invalid name ${describe(issue.input)}: ${inner}`, fix: 'rename it: lowercase letters, digits and "-", starting with a letter' }];
    }
    case 'invalid_union': {
      return [{ path, message: `value ${describe(issue.input)} does not match any allowed form`, fix: issue.message }];
    }
    default:
      return [{ path, message: `${issue.message}${issue.input !== undefined ? ` (got ${describe(issue.input)})` : ''}`, fix: fixFor(issue) }];
  }
}

/** A fix for the remaining zod issue kinds (sizes, formats, custom refinements). */
function fixFor(issue: z.core.$ZodIssue): string {
  const i = issue as { code: string; minimum?: number | bigint; maximum?: number | bigint; origin?: string; format?: string; pattern?: string; divisor?: number };
  const unit = i.origin === 'string' ? ' characters' : i.origin === 'array' || i.origin === 'set' ? ' entries' : '';
  switch (i.code) {
    case 'too_small':
      return `use at least ${String(i.minimum)}${unit}`;
    case 'too_big':
      return `use at most ${String(i.maximum)}${unit}`;
    case 'invalid_format':
      return i.pattern ? `write a value matching ${i.pattern}` : `write a valid ${i.format}`;
    case 'not_multiple_of':
      return `use a multiple of ${i.divisor}`;
    default:
      return `change the value: ${issue.message}`;
  }
}

const article = (expected: string) => (/^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}
