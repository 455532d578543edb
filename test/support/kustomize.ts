/**
 * Runs `kustomize build <dir>` (or `kubectl kustomize <dir>`, which embeds kustomize) to check that a GitOps
 * folder builds. Neither tool is a project dependency: when none is on PATH the result says `skipped` and the
 * caller should skip its test with that message (`t.skip(result.skipped)`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
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

/**
 * Builds many kustomization directories, several `kustomize` processes at a time (the tool mostly waits on
 * process start-up and disk); results in the order of `dirs`. Skipped as a whole when no tool is on PATH.
 */
export async function kustomizeBuildMany(dirs: readonly string[], concurrency = Math.max(2, availableParallelism())): Promise<KustomizeResult[]> {
  const command = kustomizeCommand();
  if (!command) return dirs.map(() => kustomizeBuild(''));
  const results: KustomizeResult[] = new Array(dirs.length);
  let next = 0;
  const worker = async () => {
    while (next < dirs.length) {
      const i = next++;
      results[i] = await buildAsync(command, dirs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, dirs.length) }, worker));
  return results;
}

function buildAsync(command: { cmd: string; args: string[] }, dir: string): Promise<KustomizeResult> {
  const label = `${command.cmd} ${[...command.args, dir].join(' ')}`;
  return new Promise((done) => {
    const child = spawn(command.cmd, [...command.args, dir], { timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => done({ ok: false, output: '', error: `${label}: ${e.message}` }));
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const ok = code === 0;
      done({ ok, output: stdout, error: ok ? stderr : `${label}: exit ${code ?? signal}\n${stderr}` });
    });
  });
}
