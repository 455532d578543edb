import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { orderKeys } from '../../src/gitops/write-tree';
import { toYamlText } from '../../src/gitops/yaml-emit';
import { GITOPS_PROFILES, objectsOf } from '../support/gitops';

describe('YAML emitter of the GitOps tree', () => {
  it('writes every object of the reference trees so that the yaml package reads back the same data', () => {
    for (const p of GITOPS_PROFILES) {
      for (const { object } of objectsOf(p)) assert.deepEqual(parse(toYamlText(orderKeys(object))), JSON.parse(JSON.stringify(object)));
    }
  });

  it('quotes what would read as another type or break the syntax, and keeps multi-line text readable', () => {
    const tricky = {
      bool: 'yes', off: 'off', num: '1.0', hex: '0x1F', date: '2024-01-01', dash: '- x', colon: 'a: b', comment: 'x #y',
      lead: '  lead', trail: 'trail ', empty: '', variable: '${VAR}', anchor: '*a', at: '@x', pipe: '|',
      text: 'line 1\nline 2\n', blank: 'a\n\nb', nested: [[1, 2], {}, { p: 'q\nr' }], 'key: colon': 1, n: {},
    };
    assert.deepEqual(parse(toYamlText(tricky)), tricky);
    assert.match(toYamlText({ script: 'a\nb\n' }), /^script: \|\n {2}a\n {2}b\n$/);
    assert.equal(toYamlText({ v: 'yes', plain: 'nginx-internal' }), 'v: "yes"\nplain: nginx-internal\n');
  });
});
