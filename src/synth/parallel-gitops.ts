/**
 * The GitOps trees of a big lab are staged in a worker thread while the main thread builds and synthesizes the
 * Terraform (the two are independent and each takes about a second at 1 000 VMs and 1 000 apps). The result is
 * the same as staging them in the main thread after the Terraform (a test compares the trees byte for byte): the
 * same staged outputs in the same order, the same trees, the same errors (an I/O error keeps its code and path).
 *
 * Used for a profile file whose lab has at least PARALLEL_MIN_APPS apps in GitOps trees: below that, starting a
 * thread (loading cdk8s and the profile again) costs more than it saves. HOMELAB_PARALLEL_GITOPS=1 forces it,
 * =0 switches it off.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import type { Lab } from '../model/types';
import { kubeClusters } from '../model/kube-clusters';
import { isCodeProfile } from '../schema/code-profile';
import type { StagedTree } from '../gitops/synth-gitops';
import { keepGitopsFiles, type StagedOutput } from './write-atomic';

export const PARALLEL_MIN_APPS = 100;

export interface GitopsJob {
  /** Resolves with the trees; the staged outputs are handed to `onStaged` first (also when it fails). */
  readonly done: Promise<StagedTree[]>;
}

/** Whether this synth stages its GitOps trees in a worker thread. */
export function stagesInParallel(profile: unknown, lab: Lab, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.HOMELAB_PARALLEL_GITOPS === '0' || typeof profile !== 'string' || isCodeProfile(profile)) return false;
  const clusters = kubeClusters(lab).filter((c) => c.gitops);
  if (clusters.length === 0) return false;
  if (env.HOMELAB_PARALLEL_GITOPS === '1') return true;
  return clusters.reduce((n, c) => n + c.gitops!.apps.length, 0) >= PARALLEL_MIN_APPS;
}

/** Starts staging the GitOps trees of `profile` in a worker thread. */
export function startGitopsWorker(profile: string, projectDir: string, onStaged: (o: StagedOutput) => void): GitopsJob {
  const worker = new Worker(join(__dirname, 'gitops-worker.js'), { workerData: { profile, projectDir } });
  const done = new Promise<StagedTree[]>((resolveTrees, reject) => {
    let settled = false;
    worker.once('message', (m: { outputs: { kind: StagedOutput['kind']; target: string; staged: string; display: string }[]; trees?: StagedTree[]; error?: Record<string, unknown> }) => {
      settled = true;
      // A keep rule is a function and does not cross threads: trees get the GitOps one (.sops.yaml is a file).
      for (const o of m.outputs) onStaged(o.kind === 'tree' ? { ...o, keep: keepGitopsFiles } : o);
      if (m.trees) return resolveTrees(m.trees);
      const e = Object.assign(new Error(String(m.error?.message)), m.error);
      reject(e);
    });
    worker.once('error', (err) => (settled ? undefined : ((settled = true), reject(err))));
    worker.once('exit', (code) => (settled ? undefined : ((settled = true), reject(new Error(`the GitOps worker stopped (exit ${code})`)))));
  });
  return { done };
}
