/** Helpers of the diff tests: a base synthesized into `<projectDir>/cdktf.out`, as `homelab synth` would. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff, type DiffResult } from '../../src/diff/diff';
import { synth } from '../../src/synth/synth';
import { fixturePath } from '../support/paths';

export const diffFixture = (name: string) => fixturePath('diff', `${name}.yaml`);

/** Diffs fixture `after` against the synth output of fixture `before`, both with the same projectDir. */
export async function diffFixtures(before: string, after: string): Promise<DiffResult> {
  const projectDir = mkdtempSync(join(tmpdir(), 'homelab-diff-'));
  await synth({ profile: diffFixture(before), projectDir });
  return diff({ profile: diffFixture(after), baseDir: join(projectDir, 'cdktf.out'), projectDir });
}

export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}
