import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formatProblem, ProfileError } from '../../src/errors';
import { loadLab } from '../../src/synth/synth';
import { fixturePath } from '../support/paths';

const dir = fixturePath('invalid');

describe('invalid profiles are rejected with the exact field path', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const header = readFileSync(`${dir}/${file}`, 'utf8').split('\n')[0]!;
    const m = header.match(/^# expect: (.*?) \| (.*)$/);
    it(file, () => {
      assert.ok(m, `${file} needs a first line "# expect: <path> | <message regex>"`);
      const [, path, message] = m!;
      let error: unknown;
      try {
        loadLab(`${dir}/${file}`);
      } catch (err) {
        error = err;
      }
      assert.ok(error instanceof ProfileError, `${file} must be rejected`);
      const hit = error.problems.find((p) => p.path === path.trim() && new RegExp(message!).test(formatProblem(p)));
      assert.ok(hit, `expected ${path}: /${message}/, got:\n${error.message}`);
      assert.ok(hit.file?.endsWith(file) && hit.line! > 1 && hit.column! >= 1, `file:line:col of ${formatProblem(hit)}`);
    });
  }
});
