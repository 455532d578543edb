import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { ProfileError } from '../../src/errors';
import { loadProfileFile } from '../../src/schema/load';
import { profileJsonSchema } from '../../src/schema/json-schema';
import { loadLab } from '../../src/synth/synth';
import { fixturePath } from '../support/paths';

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProfileError) return err.problems;
    throw err;
  }
  assert.fail('expected a ProfileError');
}

describe('profile authoring', () => {
  it('suggests the nearest field for a typo', () => {
    const [p] = problemsOf(() => loadProfileFile(fixturePath('invalid', 'typo-nic.yaml')));
    assert.deepEqual([p!.path, p!.message, p!.fix], ['vms.app.nic', 'unknown field "nic"', 'did you mean "nics"?']);
  });

  it('lists the allowed values of an enum', () => {
    const [p] = problemsOf(() => loadProfileFile(fixturePath('invalid', 'bad-cni.yaml')));
    assert.deepEqual([p!.path, p!.fix], ['clusters.main.cni', 'use one of "flannel", "none"']);
  });

  it('points at the line and column of the offending key', () => {
    const [p] = problemsOf(() => loadLab(fixturePath('invalid', 'unknown-bridge.yaml')));
    const line = readFileSync(fixturePath('invalid', 'unknown-bridge.yaml'), 'utf8').split('\n')[p!.line! - 1]!;
    assert.equal(p!.line, 25);
    assert.equal(line.slice(p!.column! - 1, p!.column! - 1 + 'bridge: vmbr5'.length), 'bridge: vmbr5');
  });

  it('reports several problems in one run, sorted by position', () => {
    const text = readFileSync(fixturePath('invalid', 'typo-nic.yaml'), 'utf8').replace('vmId: 300', 'vmId: 1').replace('sizeGiB: 10', 'sizeGiB: -1');
    const problems = problemsOf(() => loadProfileFile(writeTemp(text)));
    assert.deepEqual(problems.map((p) => p.path), ['vms.app.vmId', 'vms.app.nic', 'vms.app.disks[0].sizeGiB']);
    assert.deepEqual(problems.map((p) => p.line), [...problems.map((p) => p.line!)].sort((a, b) => a - b));
  });

  it('merges included files in name order', () => {
    const lab = loadLab(fixturePath('multi', 'profile.yaml'));
    assert.deepEqual(lab.vms.map((v) => [v.name, v.vmId]), [['db', 302], ['web', 301]]);
  });

  it('names both files for a key defined twice, and locates errors in the included file', () => {
    const problems = problemsOf(() => loadLab(fixturePath('multi-dup', 'profile.yaml')));
    // Maps merge key by key (so one file can add apps to a cluster another file defines); a leaf set twice is an error.
    const dup = problems.find((p) => p.path === 'vms.web.vmId');
    assert.match(dup!.message, /defined in both .*10-web\.yaml and .*20-web-again\.yaml/);
    assert.match(dup!.file!, /20-web-again\.yaml$/);
    assert.equal(dup!.line, 8);
    const typo = problems.find((p) => p.path === 'vms.db.disk');
    assert.equal(typo, undefined, 'schema errors come after merge problems are fixed');
  });

  it('locates a schema error inside an included file', () => {
    const dir = fixturePath('multi-dup', 'profile.yaml');
    const text = readFileSync(dir, 'utf8');
    // Includes stay inside the project: the included file is copied next to the temporary profile.
    const fixed = writeTemp(text.replace('  - vms/', '  - 20-web-again.yaml'));
    copyFileSync(fixturePath('multi-dup', 'vms', '20-web-again.yaml'), join(dirname(fixed), '20-web-again.yaml'));
    const problems = problemsOf(() => loadLab(fixed));
    const typo = problems.find((p) => p.path === 'vms.db.disk');
    assert.match(typo!.file!, /20-web-again\.yaml$/);
    assert.equal(typo!.line, 6);
  });

  it('the JSON Schema rejects each schema-level invalid fixture at the same path as zod', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(profileJsonSchema());
    // Rules JSON Schema cannot express: cross-references (resolve step) and "exactly one of" refinements.
    const NOT_EXPRESSIBLE = new Set(['pci-device-and-mapping.yaml', 'yaml-syntax.yaml']);
    for (const file of readdirSync(fixturePath('invalid')).filter((f) => f.endsWith('.yaml') && !NOT_EXPRESSIBLE.has(f))) {
      let zodProblems;
      try {
        loadProfileFile(fixturePath('invalid', file));
        continue; // a reference error, found after the schema
      } catch (err) {
        zodProblems = (err as ProfileError).problems;
      }
      const data = parse(readFileSync(fixturePath('invalid', file), 'utf8'));
      assert.equal(validate(data), false, `${file}: JSON Schema accepted it`);
      const pointers = new Set((validate.errors ?? []).flatMap((e) => [e.instancePath, e.params?.additionalProperty ? `${e.instancePath}/${e.params.additionalProperty}` : '', e.params?.missingProperty ? `${e.instancePath}/${e.params.missingProperty}` : e.params?.propertyName ? `${e.instancePath}/${e.params.propertyName}` : '']));
      for (const p of zodProblems) {
        const pointer = p.path ? `/${p.path.replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}` : '';
        assert.ok(pointers.has(pointer), `${file}: zod says ${p.path}, JSON Schema says ${[...pointers].join(', ')}`);
      }
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
function writeTemp(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'homelab-auth-')), 'profile.yaml');
  writeFileSync(file, text);
  return file;
}
