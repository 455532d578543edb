import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { K3S_DEFAULTS, TALOS_DEFAULTS, VM_DEFAULTS } from '../../src/defaults';
import { profileReferenceMarkdown } from '../../src/docs/profile-reference';
import { rulesReferenceMarkdown } from '../../src/docs/rules-reference';
import { profileJsonSchema } from '../../src/schema/json-schema';
import { ROOT, profilePath } from '../support/paths';
import { PROFILES } from '../support/synth';

describe('profile reference and JSON Schema', () => {
  it('docs/profile.md is what `npm run docs` generates (run it after changing the schema)', () => {
    assert.equal(readFileSync(join(ROOT, 'docs', 'profile.md'), 'utf8'), profileReferenceMarkdown());
  });

  it('the defaults column is the resolver\'s default per context (src/defaults.ts): Talos worker 4 / 8192, control plane 2 / 4096', () => {
    const row = (path: string) => profileReferenceMarkdown().split('\n').find((l) => l.startsWith(`| \`${path}\` |`))!.split(' | ')[3];
    assert.equal(row('clusters.<name>.workers[].cores'), `\`${TALOS_DEFAULTS.workerCores}\``);
    assert.equal(row('clusters.<name>.workers[].memoryMiB'), '`8192`');
    assert.equal(row('clusters.<name>.controlPlanes[].cores'), '`2`');
    assert.equal(row('clusters.<name>.controlPlanes[].memoryMiB'), '`4096`');
    assert.equal(row('clusters.<name>.agents[].memoryMiB'), `\`${K3S_DEFAULTS.agentMemoryMiB}\``);
    assert.equal(row('vms.<name>.memoryMiB'), `\`${VM_DEFAULTS.memoryMiB}\``);
  });

  it('docs/rules.md lists every built-in rule as `npm run docs` generates it', () => {
    assert.equal(readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8'), rulesReferenceMarkdown());
  });

  it('the JSON Schema compiles and accepts every reference profile', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(profileJsonSchema());
    for (const p of PROFILES) assert.equal(validate(parse(readFileSync(profilePath(p), 'utf8'))), true, `${p}: ${JSON.stringify(validate.errors)}`);
  });

  it('the JSON Schema rejects an unknown field where zod does', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(profileJsonSchema());
    const profile = parse(readFileSync(profilePath('default'), 'utf8'));
    profile.clusters.lab.controlPlanes[0].nic = [];
    assert.equal(validate(profile), false);
    assert.equal(validate.errors?.[0]?.instancePath, '/clusters/lab/controlPlanes/0');
    assert.equal(validate.errors?.[0]?.params.additionalProperty, 'nic');
  });
});
