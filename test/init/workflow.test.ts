import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CHANGED_STACKS, WORKFLOW } from '../../src/init/templates';

describe('the workflow homelab init writes: one plan job per changed stack', () => {
  const wf = parse(WORKFLOW);

  it('is valid YAML whose check job hands the changed stacks, in apply order, to the plan job', () => {
    assert.deepEqual(Object.keys(wf.jobs), ['check', 'plan']);
    assert.equal(wf.jobs.check.outputs.stacks, '${{ steps.stacks.outputs.stacks }}');
    const step = wf.jobs.check.steps.find((s: any) => s.id === 'stacks');
    assert.match(step.run, /npx homelab diff --base "\$base" --format json > diff\.json/);
    assert.ok(step.run.includes(`echo "stacks=$(${CHANGED_STACKS})" >> "$GITHUB_OUTPUT"`));
  });

  it('runs the matrix one stack at a time in that order, stops on a failure, and is opt-in', () => {
    const plan = wf.jobs.plan;
    assert.equal(plan.needs, 'check');
    assert.equal(plan.if, "vars.HOMELAB_PLAN == 'true' && needs.check.outputs.stacks != '[]'");
    assert.deepEqual(plan.strategy, { 'fail-fast': true, 'max-parallel': 1, matrix: { stack: '${{ fromJSON(needs.check.outputs.stacks) }}' } });
    const runs = plan.steps.filter((s: any) => s.run).map((s: any) => s.run);
    assert.deepEqual(runs.slice(-2), [
      'terraform -chdir=cdktf.out/stacks/${{ matrix.stack }} init -input=false',
      'terraform -chdir=cdktf.out/stacks/${{ matrix.stack }} plan -input=false -lock=false',
    ]);
    assert.ok(plan.steps.some((s: any) => s.uses === 'hashicorp/setup-terraform@v3'));
    // credentials only from secrets
    for (const v of Object.values<string>(plan.env)) assert.match(v, /^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
  });

  it('its snippet turns diff.json into the JSON array the matrix reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-wf-'));
    writeFileSync(join(dir, 'diff.json'), JSON.stringify({ changed: true, changedStacks: ['lab', 'lab-main'] }));
    const r = spawnSync('sh', ['-c', CHANGED_STACKS], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ['lab', 'lab-main']);
  });
});
