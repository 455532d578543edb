/** YAML files with positions: parse with syntax errors as problems, and find the line of a field path. */
import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { ProfileError, type ProfileProblem } from '../errors';

export interface SourceFile {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** Reads and parses one YAML file; syntax errors become problems with the line and a caret. */
export function readYamlFile(file: string, readBy?: string): SourceFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ProfileError([{ path: '', file: readBy, message: `cannot read ${file}: ${why}`, fix: readBy ? 'check the include path' : 'check the --profile path' }]);
  }
  return parseYaml(text, file);
}

export function parseYaml(text: string, file: string): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ProfileError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const line = text.split('\n')[pos.line - 1] ?? '';
        return {
          path: '',
          file,
          line: pos.line,
          column: pos.col,
          message: `YAML syntax: ${e.message.split('\n')[0]}`,
          fix: `\n    ${line}\n    ${' '.repeat(Math.max(0, pos.col - 1))}^`,
        };
      }),
    );
  }
  return { file, doc, lines };
}

/** Inverse of formatPath: `a.b[2].c` -> ['a', 'b', 2, 'c']. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Adds file:line:col to a problem from the YAML node at its path (or its nearest ancestor). */
export function locateIn(problem: ProfileProblem, source: SourceFile): ProfileProblem {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node);
  for (const key of parsePath(problem.path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  if (offset === undefined) return { ...problem, file: source.file };
  const pos = source.lines.linePos(offset);
  return { ...problem, file: source.file, line: pos.line, column: pos.col };
}

function rangeStart(node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0];
}
