/**
 * The fast YAML reader (src/schema/fast-yaml.ts) gives exactly the `yaml` package's data and positions, or
 * declines: checked on every profile and YAML fixture of the repository, a generated benchmark lab, and
 * hand-written cases on both sides of its subset.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LineCounter, parseDocument, stringify } from 'yaml';
import { fastParseYaml } from '../../src/schema/fast-yaml';
import { formatPath } from '../../src/schema/issues';
import { locateIn, parseYaml, type SourceFile } from '../../src/schema/yaml-source';
import { ROOT } from '../support/paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateLab } = require(join(ROOT, 'scripts', 'bench', 'gen-lab.js')) as { generateLab: (vms: number, apps: number) => unknown };

function yamlFiles(): string[] {
  return ['profiles', join('test', 'fixtures')].flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(ROOT, dir, f)),
  );
}

/** Every field path of the data (maps and lists), as formatPath writes them. */
function paths(data: unknown, prefix: (string | number)[] = [], out: string[] = []): string[] {
  if (Array.isArray(data)) data.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (data && typeof data === 'object') for (const [k, v] of Object.entries(data)) paths(v, [...prefix, k], out);
  if (prefix.length) out.push(formatPath(prefix));
  return out;
}

/** The reference: `yaml`'s data, and a source that locates with `yaml`'s nodes. */
function reference(text: string): { data: unknown; source: SourceFile } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return undefined;
  return { data: doc.toJS(), source: { file: 'f.yaml', text, doc, lines } };
}

function assertSame(text: string, label: string): boolean {
  const fast = fastParseYaml(text);
  const ref = reference(text);
  if (!fast) return false;
  assert.ok(ref, `${label}: the fast reader accepted YAML that \`yaml\` rejects`);
  assert.deepEqual(fast.data, ref.data, `${label}: data`);
  const mine = parseYaml(text, 'f.yaml');
  assert.ok(mine.fast, label);
  for (const path of [...paths(ref.data), 'no.such.field', '']) {
    assert.deepEqual(locateIn({ path, message: '' }, mine), locateIn({ path, message: '' }, ref.source), `${label}: position of ${path}`);
  }
  return true;
}

describe('fast YAML reader', () => {
  it('reads every profile and YAML fixture exactly as the yaml package does, or declines', () => {
    let read = 0;
    const files = yamlFiles();
    for (const file of files) if (assertSame(readFileSync(file, 'utf8'), file)) read++;
    // The reference profiles without anchors are in the subset.
    for (const p of readdirSync(join(ROOT, 'profiles'))) {
      const text = readFileSync(join(ROOT, 'profiles', p), 'utf8');
      if (!/(^|\s)[&*][\w-]/.test(text)) assert.ok(fastParseYaml(text), p);
    }
    assert.ok(read > files.length / 2, `${read} of ${files.length}`);
  });

  it('reads a generated 100-VM lab (the benchmark) exactly as the yaml package does', () => {
    assert.equal(assertSame(stringify(generateLab(100, 100)), 'lab-100'), true);
  });

  it('matches on scalars of the core schema, quoting, comments, flow collections and nesting', () => {
    const text = [
      '# a comment',
      'name: lab   # trailing',
      'n: 42',
      'neg: -7',
      'f: 1.5',
      'dot: .5',
      'plus: +3',
      'zeros: 0012',
      'yes: true',
      'No: False',
      'nul: ~',
      'empty:',
      'ver: 1.2.3',
      'ip: 10.0.0.1/24',
      "sq: 'it''s # not a comment'",
      'dq: "tab\\tand \\u00e9"',
      'url: https://example.org/a#frag',
      'flow: { a: 1, b: "x, y", c: [no, { d: e }], "q": \'r\', n: }',
      'list: [a, 1, "b"]',
      'emptymap: {}',
      'emptylist: []',
      'hosts:',
      '  pve-1:',
      '    cidr: 10.0.0.0/16',
      '    nics:',
      '    - bridge: vmbr0',
      '      vlan: 10',
      '    -   bridge: vmbr1',
      '    - plain',
      '    -',
      '      nested: true',
      'dotted.key: 1',
      '"quoted key": 2',
      '',
    ].join('\n');
    assert.equal(assertSame(text, 'cases'), true);
  });

  it('declines what it does not read (the yaml package then reads it and reports problems)', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!binary aGk=\n',
      'a: |\n  text\n',
      'a: >\n  folded\n',
      'a: plain\n  continued\n',
      'a: 1\na: 2\n',
      '---\na: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '? complex\n: key\n',
      'a: 0x1F\n',
      'a: 0o17\n',
      'a: 1e3\n',
      'a: .inf\n',
      '1: numeric key\n',
      'true: bool key\n',
      '<<: { a: 1 }\n',
      'a:\r\n  b: 1\r\n',
      'a:\n\t- b\n',
      'a: "unclosed\n',
      'a: "\\x41"\n',
      '- a\n- b\n'.replace('- a\n- b\n', 'a:\n  -\n'),
    ]) {
      assert.equal(fastParseYaml(text), undefined, JSON.stringify(text));
    }
  });
});

describe('fast YAML reader: quotes and tabs as `yaml` reads them', () => {
  it('gives exactly what `yaml` gives, or leaves the text to it', () => {
    const cases = ["a: x 'y # z' w", "- x 'y # z'", 'a: b\t# c', 'a: b \t# c', 'a: [b,\tc]', "a: [b 'c # d', e]", "a: {b: x 'y # z'}", "a: 'x # y'", "a: [ 'x', \"y\" ]", "'k': v", "a: it's # c"];
    for (const text of cases) {
      const fast = fastParseYaml(text);
      if (fast === undefined) continue;
      const doc = parseDocument(text, { uniqueKeys: true });
      assert.equal(doc.errors.length, 0, `${JSON.stringify(text)}: the fast reader accepted what yaml refuses`);
      assert.deepEqual(fast.data, doc.toJS(), JSON.stringify(text));
    }
    assert.equal(fastParseYaml('a: b\t# c'), undefined);
    assert.deepEqual(fastParseYaml("a: x 'y # z' w")!.data, { a: "x 'y" });
  });
});
