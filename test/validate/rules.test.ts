import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadLab } from '../../src/model/load';
import { ACKNOWLEDGE_RULE_ID, formatFinding, RULES, validateLab } from '../../src/validate/validate';
import { fixturePath } from '../support/paths';
import { LAB_ONLY_RULES } from './lab-only-rules';

const dir = fixturePath('invalid', 'rules');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const header = (file: string) => readFileSync(`${dir}/${file}`, 'utf8').split('\n')[0]!.match(/^# rule: (\S+) (\S+)$/);

describe('validation rules fire on the fixture corpus with the exact id and path', () => {
  for (const file of fixtures) {
    it(file, () => {
      const m = header(file);
      assert.ok(m, `${file} needs a first line "# rule: <RULE-ID> <path>"`);
      const [, id, path] = m!;
      const findings = validateLab(loadLab(`${dir}/${file}`));
      const hit = findings.find((f) => f.id === id && f.path === path);
      assert.ok(hit, `expected ${id} at ${path}, got:\n${findings.map(formatFinding).join('\n') || '(no findings)'}`);
      assert.equal(hit.severity, RULES.find((r) => r.id === id)?.severity ?? 'warning');
      assert.ok(hit.message.length > 0 && hit.fix.length > 0);
    });
  }

  it('has at least 30 fixtures and every rule fires in at least one', () => {
    assert.ok(fixtures.length >= 30, `${fixtures.length} fixtures`);
    const covered = new Set(fixtures.map((f) => header(f)?.[1]));
    const missing = [...RULES.map((r) => r.id), ACKNOWLEDGE_RULE_ID].filter((id) => !covered.has(id) && !LAB_ONLY_RULES.includes(id));
    assert.deepEqual(missing, []);
  });

  it('rule ids are unique and follow HL-<AREA>-<NNN>', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^HL-[A-Z]+-\d{3}$/);
  });
});
