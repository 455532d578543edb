/**
 * Runs `cloud-init schema --config-file <file>` (Debian's `cloud-init` package, installed by .ci/run) on a
 * user-data text. Without the tool the result says `skipped` (the caller skips its test) unless CI=true, where a
 * missing tool is a failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { which } from './kustomize';

export interface CloudInitSchemaResult {
  readonly skipped?: string;
  readonly ok: boolean;
  /** What cloud-init printed (errors and deprecations). */
  readonly output: string;
}

export function cloudInitSchema(userData: string): CloudInitSchemaResult {
  const tool = which('cloud-init');
  if (!tool) {
    if (process.env.CI === 'true') return { ok: false, output: 'cloud-init is not installed (apt-get install cloud-init; .ci/run does)' };
    return { skipped: 'cloud-init is not installed (Debian package cloud-init)', ok: false, output: '' };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'homelab-cloud-init-')), 'user-data.yaml');
  writeFileSync(file, userData);
  const r = spawnSync(tool, ['schema', '--config-file', file], { encoding: 'utf8', timeout: 120_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}
