/**
 * A small block-style YAML emitter for JSON data (maps, lists, strings, numbers, booleans, null), used for the
 * thousands of files of a GitOps tree: the `yaml` package's stringify is general and several times slower.
 * Strings that could read as anything else are double-quoted (JSON escapes are valid YAML); multi-line strings
 * become literal blocks. A test checks that every file parses back to the same data with the `yaml` package.
 */

const PLAIN = /^[A-Za-z0-9_./@$%^&*+=~-][A-Za-z0-9 _./@$%^&*+=~,()<>:;'"!?|-]*$/;
const SPECIAL = /^(true|false|yes|no|on|off|y|n|null|~|TRUE|FALSE|True|False|YES|NO|Yes|No|ON|OFF|On|Off|NULL|Null|Y|N)$/;
const NUMBERISH = /^[-+]?(\.?[0-9]|\.(inf|Inf|INF|nan|NaN|NAN)$|0[xob])/;

function plainSafe(s: string): boolean {
  return (
    s.length > 0 &&
    PLAIN.test(s) &&
    !SPECIAL.test(s) &&
    !NUMBERISH.test(s) &&
    !s.endsWith(' ') &&
    !s.endsWith(':') &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) &&
    !/^\d{4}-\d\d-\d\d/.test(s)
  );
}

function scalar(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return String(v);
  const s = String(v);
  if (plainSafe(s)) return s;
  const lines = s.replace(/\n$/, '').split('\n');
  const literal = lines.length > 1 && !/[\r\t]/.test(s) && !s.startsWith(' ') && !s.endsWith('\n\n') && lines.every((l) => !l.endsWith(' '));
  if (literal) return `${s.endsWith('\n') ? '|' : '|-'}\n${lines.map((l) => (l ? `${indent}  ${l}` : '')).join('\n')}`;
  return JSON.stringify(s);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function emit(v: unknown, indent: string, out: string[]): void {
  if (isMap(v)) {
    for (const [k, val] of Object.entries(v)) {
      const key = plainSafe(k) ? k : JSON.stringify(k);
      if (isMap(val) && Object.keys(val).length) {
        out.push(`${indent}${key}:`);
        emit(val, `${indent}  `, out);
      } else if (Array.isArray(val) && val.length) {
        out.push(`${indent}${key}:`);
        emit(val, `${indent}  `, out);
      } else {
        out.push(`${indent}${key}: ${isMap(val) ? '{}' : Array.isArray(val) ? '[]' : scalar(val, indent)}`);
      }
    }
  } else if (Array.isArray(v)) {
    for (const item of v) {
      if ((isMap(item) && Object.keys(item).length) || (Array.isArray(item) && item.length)) {
        const inner: string[] = [];
        emit(item, `${indent}  `, inner);
        out.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
      } else {
        out.push(`${indent}- ${isMap(item) ? '{}' : Array.isArray(item) ? '[]' : scalar(item, indent)}`);
      }
    }
  } else {
    out.push(`${indent}${scalar(v, indent)}`);
  }
}

/** YAML text of a JSON value (a document ending in a newline). */
export function toYamlText(value: unknown): string {
  const out: string[] = [];
  emit(value, '', out);
  return `${out.join('\n')}\n`;
}
