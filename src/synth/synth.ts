/**
 * `synth`: profile -> Terraform JSON in cdktf's layout (`<out>/stacks/<stack>/cdk.tf.json` + manifest),
 * written atomically and byte-identical for the same input.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { App, disableTokenStackTraces } from '../cdktf';
import { ioFailure, isIoError, OutputError, UsageError, ValidationError } from '../errors';
import { loadLab, loadLabWithSource, type LoadOptions } from '../model/load';
import { allVms } from '../model/resolve';
import { splitLab, stackGraph } from '../model/split';
import type { Lab } from '../model/types';
import type { ProfileInput } from '../schema/profile';
import { isError, locateFindings, projectFindings, validateLab, type Finding, type PathCheckOptions } from '../validate/validate';
import type { LabStack } from '../../stacks/lab-stack';
import { addLabStacks } from '../../stacks/lab-app';
import { inventoryMarkdown } from '../inventory/inventory';
import type { GitopsTree, StagedTree } from '../gitops/synth-gitops';
import { kubeClusters } from '../model/kube-clusters';
import { acquireLock, commit, recoverProject } from './journal';
import { inventoryIsOurs } from './ownership';
import { buildCodeApp, codeLab, treeLab, withNewFindings } from './tree-lab';
import { rememberChecked } from '../constructs/lab/lab-checks';
import { discardDir, keepTerraformFiles, planOutputs, stagingDir, stagingFile, type StagedOutput } from './write-atomic';
import { stagesInParallel, startGitopsWorker } from './parallel-gitops';

export interface SynthOptions {
  /** A profile file path, or a profile object (e.g. built by code). Required unless `build` is given. */
  readonly profile?: string | ProfileInput;
  /**
   * A lab written in code instead of a profile: creates its `LabStack` (and anything else) in `app`. The stacks
   * are checked like profile ones (whole-lab rules at synth, output paths before anything is written), and their
   * GitOps trees, inventory and Terraform are written like `homelab synth` writes a profile's. Not with `profile`.
   * @default - none: the lab comes from `profile`
   */
  readonly build?: (app: App) => void;
  /**
   * Output directory, relative to the project directory (CLI `--out`; every relative path option of `synth()`, `validate()`
   * and `diff()` and of their CLI flags is relative to the project directory, only the profile path to the current one).
   * @default 'cdktf.out'
   */
  readonly outDir?: string;
  /** Directory that relative output paths (out, inventory, GitOps trees, state, kubeconfig) are relative to (CLI `--project`). @default process.cwd() */
  readonly projectDir?: string;
  /**
   * Adds your own constructs to the lab's stack before it is synthesized (they may read the resolved lab);
   * with `stacks: per-cluster | per-host`, the base stack `<lab>`.
   * @default - none
   */
  readonly extend?: (stack: LabStack, lab: Lab) => void;
  /**
   * Where the inventory (addresses, VMIDs, PCI passthrough, storage) is written, relative to the project
   * directory; `false` for none.
   * @default 'docs/inventory.md'
   */
  readonly inventory?: string | false;
  /** Remove files in the output trees that synth did not write (listed in the result). @default false */
  readonly prune?: boolean;
  /** Overwrite files synth did not write where it generates one (a hand-written inventory). @default false */
  readonly force?: boolean;
  /**
   * Folder of the local backend's state files (`terraform.<stack>.tfstate`), relative to the project directory (CLI `--state-dir`).
   * @default - the profile file's folder when it is inside the project directory, else the project directory
   */
  readonly stateDir?: string;
}

export interface StackSummary {
  readonly name: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly vms: number;
  readonly clusters: number;
  readonly file: string;
  /** Stacks to apply before this one (`stacks:` split; src/model/split.ts). */
  readonly dependsOn: readonly string[];
}

export interface SynthResult {
  readonly lab: Lab;
  readonly outDir: string;
  readonly stacks: readonly StackSummary[];
  /** Stack names in the order to apply them (destroy in reverse). */
  readonly applyOrder: readonly string[];
  /** Warnings of the validation rules (errors stop synth with a ValidationError). */
  readonly warnings: readonly Finding[];
  /** GitOps trees written, one per cluster with a `gitops` section. */
  readonly gitops: readonly GitopsTree[];
  /** The inventory file written, if any. */
  readonly inventory?: string;
  /** Files in the output trees that synth did not write and kept (project-relative). */
  readonly kept: readonly string[];
  /** Such files removed because of `prune`. */
  readonly pruned: readonly string[];
  /** What synth did besides writing (recovery of an interrupted run, kept or skipped files), one line each. */
  readonly notes: readonly string[];
}

export { loadLab };

/** Loads a profile and runs the `homelab validate` rules: throws ValidationError on errors, returns the warnings. */
export function loadValidLab(profile: string | ProfileInput, paths?: PathCheckOptions, load: LoadOptions = {}): { lab: Lab; warnings: Finding[] } {
  const { lab, source } = loadLabWithSource(profile, { projectDir: paths?.projectDir, ...load });
  const findings = [...locateFindings(validateLab(lab), source), ...(paths ? projectFindings(lab, profile, source, paths) : [])];
  if (findings.some(isError)) throw new ValidationError(findings);
  rememberChecked(lab, findings);
  return { lab, warnings: findings };
}

/**
 * Builds the cdktf App of a lab into `outdir` (no swap); returns the app. Its synth runs the whole-lab checks
 * over the construct tree unless `skipValidation` (an in-memory synth of a lab as it is, e.g. an old git ref).
 */
export function buildApp(lab: Lab, outdir: string, projectDirFromStack: string, extend?: SynthOptions['extend'], stateDirFromStack?: string, skipValidation = false): App {
  disableTokenStackTraces();
  const app = new App({ outdir, skipValidation, stackTraces: false });
  const stack = addLabStacks(app, lab, { projectDirFromStack, stateDirFromStack });
  extend?.(stack, lab);
  return app;
}

export async function synth(options: SynthOptions): Promise<SynthResult> {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const inventoryFile = options.inventory === false ? undefined : resolve(projectDir, options.inventory ?? 'docs/inventory.md');
  const paths = { projectDir, outDir, inventory: inventoryFile ?? false, stateDir: options.stateDir } as const;
  if ((options.profile === undefined) === (options.build === undefined)) throw new UsageError('synth(): give either a profile or a build function');
  // Every path is checked before anything is written (HL-PATH-001..003); a lab built in code once it is built.
  const { lab, warnings } = options.profile !== undefined ? loadValidLab(options.profile, paths) : { lab: undefined, warnings: codePathFindings(undefined, [], paths) };
  const trees = lab ? kubeClusters(lab).flatMap((c) => (c.gitops ? [resolve(projectDir, c.gitops.path)] : [])) : [];
  try {
    mkdirSync(projectDir, { recursive: true });
  } catch (err) {
    throw ioFailure(err, projectDir, true);
  }
  const release = acquireLock(projectDir);
  try {
    const recovered = recoverProject(projectDir, [outDir, ...trees, ...(inventoryFile ? [inventoryFile] : [])]);
    const result = await stageAndCommit(lab, options, { projectDir, outDir, inventoryFile }, warnings);
    return { ...result, notes: [...recovered, ...result.notes] };
  } finally {
    release();
  }
}

interface Where {
  readonly projectDir: string;
  readonly outDir: string;
  readonly inventoryFile?: string;
}

async function stageAndCommit(loaded: Lab | undefined, options: SynthOptions, where: Where, known: readonly Finding[]): Promise<Omit<SynthResult, 'notes'> & { notes: string[] }> {
  const { projectDir, outDir, inventoryFile } = where;
  const show = (p: string) => relative(projectDir, p).split('\\').join('/') || '.';
  const staged: StagedOutput[] = [];
  const notes: string[] = [];
  let trees: StagedTree[] = [];
  let stacks: StackSummary[];
  let plan;
  let lab: Lab;
  let warnings: Finding[] = [...known];
  try {
    const out = stagingDir(outDir);
    staged.push({ kind: 'tree', target: outDir, staged: out, display: show(outDir), keep: keepTerraformFiles });
    const back = { projectDirFromStack: backToProject(outDir, 'x', projectDir), stateDirFromStack: backToProject(outDir, 'x', stateDir(options, projectDir)) };
    // A big lab's GitOps trees are staged in a worker thread meanwhile (parallel-gitops.ts); their outputs come
    // after the Terraform's in `staged`, as below. The worker reads the profile again, so not when code (an
    // `extend` hook, charts added with addChart) adds to the lab.
    const gitopsStaged: StagedOutput[] = [];
    const worker = loaded && !options.extend && stagesInParallel(options.profile, loaded)
      ? startGitopsWorker(options.profile as string, projectDir, (t) => gitopsStaged.push(t))
      : undefined;
    try {
      const app = loaded ? buildApp(loaded, out, back.projectDirFromStack, options.extend, back.stateDirFromStack) : buildCodeApp(options.build!, out, back);
      app.synth();
      // The lab as the constructs built it: VMs added by `extend` are in the inventory and the result.
      ({ lab, warnings } = loaded ? treeLab(app, loaded, known) : codeLab(app));
    } finally {
      if (worker) await worker.done.catch(() => undefined).finally(() => staged.push(...gitopsStaged.splice(0)));
    }
    // Output paths the code added (a cluster's gitops.path, kubeconfigPath) are checked like a profile's,
    // before any tree is staged.
    if (!loaded || options.extend) warnings = codePathFindings(lab, warnings, { projectDir, outDir, inventory: inventoryFile ?? false, stateDir: options.stateDir });
    if (worker) trees = await worker.done;
    // cdk8s loads only when a cluster has a GitOps tree to write.
    else if (kubeClusters(lab).some((c) => c.gitops)) trees = (await import('../gitops/synth-gitops')).stageGitops(lab, projectDir, (t) => staged.push(t));
    stacks = summarize(lab, out, outDir);
    if (inventoryFile && (options.force || inventoryIsOurs(inventoryFile))) {
      const file = stagingFile(inventoryFile);
      staged.push({ kind: 'file', target: inventoryFile, staged: file, display: show(inventoryFile) });
      writeFileSync(file, inventoryMarkdown(lab));
    } else if (inventoryFile) {
      notes.push(`${show(inventoryFile)} was not written by homelab synth: left as it is (run synth with --force to overwrite it, or --inventory <other file>)`);
    }
    plan = planOutputs(staged, { prune: options.prune, force: options.force });
  } catch (err) {
    for (const s of staged) discardDir(s.staged);
    // Name the output, not its staging folder.
    if (!isIoError(err)) throw err;
    const staging = staged.find((s) => err.path?.startsWith(s.staged));
    // Without a path (a write to an open file), name the output being staged.
    throw ioFailure(err, staging ? `${staging.target}${err.path!.slice(staging.staged.length)}` : err.path ?? staged.at(-1)?.target, true);
  }
  try {
    commit(projectDir, plan.steps, plan.cleanup);
  } catch (err) {
    // Rolled back: the staging goes. Not rolled back: the journal and staging finish the commit next run.
    if ((err as OutputError).unchanged !== false) for (const s of staged) discardDir(s.staged);
    throw err;
  }
  for (const k of plan.kept) notes.push(`${k}: not written by homelab synth; kept (synth --prune removes it)`);
  for (const p of plan.pruned) notes.push(`${p}: not written by homelab synth; removed (--prune)`);
  const inventory = staged.some((s) => s.target === inventoryFile) ? inventoryFile : undefined;
  const gitops = trees.map(({ staged: _s, target: _t, ...tree }) => tree);
  return { lab, outDir, stacks, applyOrder: stackGraph(lab).map((s) => s.name), warnings, gitops, inventory, kept: plan.kept, pruned: plan.pruned, notes };
}

/**
 * The HL-PATH findings of a lab (or, without one, of the command-line paths alone) added to `known`, once each;
 * throws ValidationError when there is an error among them.
 */
function codePathFindings(lab: Lab | undefined, known: readonly Finding[], paths: PathCheckOptions): Finding[] {
  const findings = withNewFindings(known, projectFindings(lab, undefined, undefined, paths));
  if (findings.some(isError)) throw new ValidationError(findings);
  return findings;
}

/**
 * Synthesizes a profile in memory: returns each stack's Terraform JSON (parsed `cdk.tf.json`, by stack name)
 * exactly as `synth()` with the same options would write it, without touching `outDir` (cdktf renders into a
 * temporary directory that is removed afterwards). Throws ProfileError like `synth()`; the validate rules do not run.
 */
export async function synthStacks(options: Omit<SynthOptions, 'profile' | 'build'> & { readonly profile: string | ProfileInput } & Pick<LoadOptions, 'filesDir'> & { readonly lab?: Lab }): Promise<{ lab: Lab; stacks: Record<string, unknown> }> {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  // `lab`: the profile already loaded with the same options (diff validates it first).
  const lab = options.lab ?? loadLab(options.profile, { projectDir, filesDir: options.filesDir });
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const scratch = mkdtempSync(join(tmpdir(), 'homelab-synth-'));
  try {
    buildApp(lab, scratch, backToProject(outDir, lab.name, projectDir), options.extend, backToProject(outDir, lab.name, stateDir(options, projectDir)), true).synth();
    const stacks: Record<string, unknown> = {};
    for (const name of readdirSync(join(scratch, 'stacks')).sort()) {
      stacks[name] = JSON.parse(readFileSync(join(scratch, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    }
    return { lab, stacks };
  } finally {
    discardDir(scratch);
  }
}

/**
 * Where the local backend keeps state: `stateDir`, else beside the profile file when that is inside the project
 * (a profile elsewhere, e.g. shared or in a temporary git worktree, leaves it in the project directory).
 */
export function stateDir(options: Pick<SynthOptions, 'profile' | 'stateDir'>, projectDir: string): string {
  if (options.stateDir !== undefined) return resolve(projectDir, options.stateDir);
  if (typeof options.profile !== 'string') return projectDir;
  const dir = dirname(resolve(options.profile));
  const rel = relative(projectDir, dir);
  return rel.startsWith('..') || isAbsolute(rel) ? projectDir : dir;
}

/** Path from `<outDir>/stacks/<stack>` back to the project directory, with forward slashes. */
export function backToProject(outDir: string, stack: string, projectDir: string): string {
  return relative(join(outDir, 'stacks', stack), projectDir).split('\\').join('/') || '.';
}

function summarize(lab: Lab, staged: string, outDir: string): StackSummary[] {
  const parts = new Map(splitLab(lab).map((p) => [p.name, p]));
  const graph = new Map(stackGraph(lab).map((s) => [s.name, s.dependsOn]));
  return readdirSync(join(staged, 'stacks')).sort().map((name) => {
    const json = JSON.parse(readFileSync(join(staged, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const count = (block: Record<string, Record<string, unknown>> | undefined) =>
      Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const part = parts.get(name)?.lab;
    return {
      name,
      resources: count(json.resource),
      dataSources: count(json.data),
      vms: part ? allVms(part).length : 0,
      clusters: part ? part.clusters.length + part.k3sClusters.length : 0,
      file: join(outDir, 'stacks', name, 'cdk.tf.json'),
      dependsOn: graph.get(name) ?? [],
    };
  });
}
