/**
 * Runs `kustomize build <dir>` (or `kubectl kustomize <dir>`, which embeds kustomize) to check that a GitOps
 * folder builds. Neither tool is a project dependency: when none is on PATH the result says `skipped` and the
 * caller should skip its test with that message (`t.skip(result.skipped)`).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface KustomizeResult {
  /** Set when no tool is available: the reason, for `t.skip(...)`. ok is then false. */
  skipped?: string;
  ok: boolean;
  /** The built YAML (stdout). */
  output: string;
  /** stderr, or why the tool could not run. */
  error: string;
}

const TIMEOUT_MS = 60_000;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of an executable on PATH, or undefined. */
export function which(name: string): string | undefined {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

let tool: { cmd: string; args: string[] } | null | undefined;

/** `kustomize build` if available, else `kubectl kustomize`, else null (looked up once). */
function kustomizeCommand(): { cmd: string; args: string[] } | null {
  if (tool === undefined) {
    const kustomize = which('kustomize');
    const kubectl = kustomize ? undefined : which('kubectl');
    tool = kustomize ? { cmd: kustomize, args: ['build'] } : kubectl ? { cmd: kubectl, args: ['kustomize'] } : null;
  }
  return tool;
}

/** Builds a kustomization directory; see KustomizeResult. */
export function kustomizeBuild(dir: string): KustomizeResult {
  const command = kustomizeCommand();
  if (!command) {
    return { skipped: 'neither `kustomize` nor `kubectl` is on PATH; kustomize build not checked', ok: false, output: '', error: '' };
  }
  const r = spawnSync(command.cmd, [...command.args, dir], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const label = `${command.cmd} ${[...command.args, dir].join(' ')}`;
  if (r.error) {
    const timedOut = (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    return { ok: false, output: r.stdout ?? '', error: timedOut ? `${label}: timed out after ${TIMEOUT_MS} ms` : `${label}: ${r.error.message}` };
  }
  const ok = r.status === 0;
  return { ok, output: r.stdout, error: ok ? r.stderr : `${label}: exit ${r.status ?? r.signal}\n${r.stderr}` };
}
