/**
 * `synth`: profile -> Terraform JSON in cdktf's layout (`<out>/stacks/<stack>/cdk.tf.json` + manifest),
 * written atomically and byte-identical for the same input.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { App } from '../cdktf';
import { allVms, resolveLab } from '../model/resolve';
import type { Lab } from '../model/types';
import { parseProfile, readProfileFile, withPositions } from '../schema/load';
import type { ProfileInput } from '../schema/profile';
import { LabStack } from '../../stacks/lab-stack';
import { commitDir, discardDir, stagingDir } from './write-atomic';

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
}

/** Loads and resolves a profile (file path or object). Throws ProfileError. */
export function loadLab(profile: string | ProfileInput): Lab {
  const loaded = typeof profile === 'string' ? readProfileFile(profile) : { profile: parseProfile(profile), source: undefined };
  return withPositions(loaded.source, () => resolveLab(loaded.profile));
}

/** Builds the cdktf App of a lab into `outdir` (no swap); returns the app. */
export function buildApp(lab: Lab, outdir: string, projectDirFromStack: string, extend?: SynthOptions['extend']): App {
  const app = new App({ outdir, skipValidation: false });
  const stack = new LabStack(app, lab.name, { lab, projectDirFromStack });
  extend?.(stack, lab);
  return app;
}

export async function synth(options: SynthOptions): Promise<SynthResult> {
  const lab = loadLab(options.profile);
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const back = relative(join(outDir, 'stacks', lab.name), projectDir).split('\\').join('/') || '.';
  mkdirSync(resolve(outDir, '..'), { recursive: true });
  const staged = stagingDir(outDir);
  try {
    buildApp(lab, staged, back, options.extend).synth();
  } catch (err) {
    discardDir(staged);
    throw err;
  }
  const stacks = summarize(lab, staged, outDir);
  commitDir(staged, outDir);
  return { lab, outDir, stacks };
}

function summarize(lab: Lab, staged: string, outDir: string): StackSummary[] {
  return readdirSync(join(staged, 'stacks')).sort().map((name) => {
    const json = JSON.parse(readFileSync(join(staged, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    const count = (block: Record<string, Record<string, unknown>> | undefined) =>
      Object.values(block ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return {
      name,
      resources: count(json.resource),
      dataSources: count(json.data),
      vms: allVms(lab).length,
      clusters: lab.clusters.length,
      file: join(outDir, 'stacks', name, 'cdk.tf.json'),
    };
  });
}
