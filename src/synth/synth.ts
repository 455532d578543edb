/**
 * `synth`: profile -> Terraform JSON in cdktf's layout (`<out>/stacks/<stack>/cdk.tf.json` + manifest),
 * written atomically and byte-identical for the same input.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { App, disableTokenStackTraces } from '../cdktf';
import { ValidationError } from '../errors';
import { loadLab, loadLabWithSource } from '../model/load';
import { allVms } from '../model/resolve';
import type { Lab } from '../model/types';
import type { ProfileInput } from '../schema/profile';
import { isError, locateFindings, validateLab, type Finding } from '../validate/validate';
import type { LabStack } from '../../stacks/lab-stack';
import { addLabStacks } from '../../stacks/lab-app';
import { inventoryMarkdown } from '../inventory/inventory';
import type { GitopsTree, StagedTree } from '../gitops/synth-gitops';
import { kubeClusters } from '../model/kube-clusters';
import { commitDir, discardDir, keepSopsFiles, stagingDir } from './write-atomic';

export interface SynthOptions {
  /** A profile file path, or a profile object (e.g. built by code). */
  readonly profile: string | ProfileInput;
  /** Output directory. @default 'cdktf.out' */
  readonly outDir?: string;
  /** Directory that relative output paths (state, kubeconfig) are relative to. @default process.cwd() */
  readonly projectDir?: string;
  /**
   * Adds your own constructs to the lab's stack before it is synthesized (they may read the resolved lab).
   * @default - none
   */
  readonly extend?: (stack: LabStack, lab: Lab) => void;
  /**
   * Where the inventory (addresses, VMIDs, PCI passthrough, storage) is written, relative to the project
   * directory; `false` for none.
   * @default 'docs/inventory.md'
   */
  readonly inventory?: string | false;
}

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly vms: number;
  readonly clusters: number;
  readonly file: string;
}

export interface SynthResult {
  readonly lab: Lab;
  readonly outDir: string;
  readonly stacks: readonly StackSummary[];
  /** Warnings of the validation rules (errors stop synth with a ValidationError). */
  readonly warnings: readonly Finding[];
  /** GitOps trees written, one per cluster with a `gitops` section. */
  readonly gitops: readonly GitopsTree[];
  /** The inventory file written, if any. */
  readonly inventory?: string;
}

export { loadLab };

/** Loads a profile and runs the `homelab validate` rules: throws ValidationError on errors, returns the warnings. */
export function loadValidLab(profile: string | ProfileInput): { lab: Lab; warnings: Finding[] } {
  const { lab, source } = loadLabWithSource(profile);
  const findings = locateFindings(validateLab(lab), source);
  if (findings.some(isError)) throw new ValidationError(findings);
  return { lab, warnings: findings };
}

/** Builds the cdktf App of a lab into `outdir` (no swap); returns the app. */
export function buildApp(lab: Lab, outdir: string, projectDirFromStack: string, extend?: SynthOptions['extend']): App {
  disableTokenStackTraces();
  const app = new App({ outdir, skipValidation: false, stackTraces: false });
  const stack = addLabStacks(app, lab, { projectDirFromStack });
  extend?.(stack, lab);
  return app;
}

export async function synth(options: SynthOptions): Promise<SynthResult> {
  const { lab, warnings } = loadValidLab(options.profile);
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const back = backToProject(outDir, lab.name, projectDir);
  mkdirSync(resolve(outDir, '..'), { recursive: true });
  const staged = stagingDir(outDir);
  let trees: StagedTree[] = [];
  try {
    buildApp(lab, staged, back, options.extend).synth();
    // cdk8s loads only when a cluster has a GitOps tree to write.
    if (kubeClusters(lab).some((c) => c.gitops)) trees = (await import('../gitops/synth-gitops')).stageGitops(lab, projectDir);
  } catch (err) {
    discardDir(staged);
    for (const t of trees) discardDir(t.staged);
    throw err;
  }
  const stacks = summarize(lab, staged, outDir);
  commitDir(staged, outDir);
  for (const t of trees) commitDir(t.staged, t.target, keepSopsFiles);
  const inventory = options.inventory === false ? undefined : writeInventory(lab, resolve(projectDir, options.inventory ?? 'docs/inventory.md'));
  const gitops = trees.map(({ staged: _s, target: _t, ...tree }) => tree);
  return { lab, outDir, stacks, warnings, gitops, inventory };
}

/** Writes the address/VMID/PCI/storage tables beside the profile (temporary file + rename). */
function writeInventory(lab: Lab, file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, inventoryMarkdown(lab));
  renameSync(tmp, file);
  return file;
}

/**
 * Synthesizes a profile in memory: returns each stack's Terraform JSON (parsed `cdk.tf.json`, by stack name)
 * exactly as `synth()` with the same options would write it, without touching `outDir` (cdktf renders into a
 * temporary directory that is removed afterwards). Throws ProfileError like `synth()`.
 */
export async function synthStacks(options: SynthOptions): Promise<{ lab: Lab; stacks: Record<string, unknown> }> {
  const lab = loadLab(options.profile);
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const scratch = mkdtempSync(join(tmpdir(), 'homelab-synth-'));
  try {
    buildApp(lab, scratch, backToProject(outDir, lab.name, projectDir), options.extend).synth();
    const stacks: Record<string, unknown> = {};
    for (const name of readdirSync(join(scratch, 'stacks')).sort()) {
      stacks[name] = JSON.parse(readFileSync(join(scratch, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    }
    return { lab, stacks };
  } finally {
    discardDir(scratch);
  }
}

/** Path from `<outDir>/stacks/<stack>` back to the project directory, with forward slashes. */
function backToProject(outDir: string, stack: string, projectDir: string): string {
  return relative(join(outDir, 'stacks', stack), projectDir).split('\\').join('/') || '.';
}

function summarize(lab: Lab, staged: string, outDir: string): StackSummary[] {
  return readdirSync(join(staged, 'stacks')).sort().map((name) => {
    const json = JSON.parse(readFileSync(join(staged, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const count = (block: Record<string, Record<string, unknown>> | undefined) =>
      Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const main = name === lab.name;
    return {
      name,
      resources: count(json.resource),
      dataSources: count(json.data),
      vms: main ? allVms(lab).length : 0,
      clusters: main ? lab.clusters.length + lab.k3sClusters.length : 0,
      file: join(outDir, 'stacks', name, 'cdk.tf.json'),
    };
  });
}
