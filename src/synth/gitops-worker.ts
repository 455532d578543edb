/**
 * Worker thread of src/synth/parallel-gitops.ts: loads the profile again (the lab is not transferable between
 * threads) and stages the GitOps trees while the main thread builds and synthesizes the Terraform.
 * Posts `{ outputs, trees }` or `{ outputs, error }`; the staged folders are the main thread's to commit or discard.
 */
import type { StagedOutput } from './write-atomic';
import { parentPort, workerData } from 'node:worker_threads';
import { installCompileCache } from '../cli/compile-cache';

interface Job {
  readonly profile: string;
  readonly projectDir: string;
}

async function main(): Promise<void> {
  installCompileCache(process.env, 'cli-synth-gitops');
  const { profile, projectDir } = workerData as Job;
  const outputs: { kind: StagedOutput['kind']; target: string; staged: string; display: string }[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadLab } = require('../model/load') as typeof import('../model/load');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stageGitops } = require('../gitops/synth-gitops') as typeof import('../gitops/synth-gitops');
    const lab = loadLab(profile, { projectDir });
    const trees = stageGitops(lab, projectDir, (o) => outputs.push({ kind: o.kind, target: o.target, staged: o.staged, display: o.display }));
    parentPort!.postMessage({ outputs, trees });
  } catch (err) {
    // Every own field of the error (code, path, problems, unchanged, ...) goes back with it.
    const e = err as Error;
    let fields: Record<string, unknown> = {};
    try {
      fields = structuredClone({ ...e });
    } catch {
      // a field that cannot be copied: name and message still say what happened
    }
    parentPort!.postMessage({ outputs, error: { ...fields, name: e.name, message: e.message, stack: e.stack } });
  }
}

void main();
