/**
 * What synth reports after the constructs ran: the lab assembled from the lab stack's construct tree (so VMs
 * added by `extend` hooks are in the inventory and the result) and the warnings of its whole-lab checks.
 */
import { App, disableTokenStackTraces } from '../cdktf';
import { UsageError } from '../errors';
import type { Lab } from '../model/types';
import type { Finding } from '../validate/validate';
import { LabStack, PROJECT_DIR_CONTEXT, STATE_DIR_CONTEXT } from '../../stacks/lab-stack';

/** The synthesized app's lab stack named like `lab`, its assembled lab and warnings (those not in `known`). */
export function treeLab(app: App, lab: Lab, known: readonly Finding[]): { lab: Lab; warnings: Finding[] } {
  const stack = app.node.children.find((c): c is LabStack => c instanceof LabStack && c.node.id === lab.name);
  if (!stack) return { lab, warnings: [...known] };
  // A split lab: every stack of it has run the checks over the whole; their warnings are the same.
  return { lab: { ...stack.wholeLab(), stacks: lab.stacks }, warnings: withNewFindings(known, stack.findings) };
}

/** `known` and the findings of `more` that are not among them yet (same rule, path and message). */
export function withNewFindings(known: readonly Finding[], more: readonly Finding[]): Finding[] {
  const key = (f: Finding) => `${f.id}\u0000${f.path}\u0000${f.message}`;
  const seen = new Set(known.map(key));
  return [...known, ...more.filter((f) => !seen.has(key(f)))];
}

/** The App of a lab written in code (`synth({ build })`), rendering into `outdir`; its stacks learn the project's place. */
export function buildCodeApp(build: (app: App) => void, outdir: string, back: { projectDirFromStack: string; stateDirFromStack: string }): App {
  disableTokenStackTraces();
  const app = new App({ outdir, stackTraces: false, context: { [PROJECT_DIR_CONTEXT]: back.projectDirFromStack, [STATE_DIR_CONTEXT]: back.stateDirFromStack } });
  build(app);
  return app;
}

/** The lab of a synthesized App written in code: its one LabStack's assembled model and warnings. */
export function codeLab(app: App): { lab: Lab; warnings: Finding[] } {
  const stacks = app.node.children.filter((c): c is LabStack => c instanceof LabStack);
  if (stacks.length !== 1) {
    throw new UsageError(`synth({ build }): the app has ${stacks.length} LabStacks (${stacks.map((s) => s.node.id).join(', ') || 'none'}); create exactly one, e.g. new LabStack(app, 'my-lab', { ... })`);
  }
  return { lab: stacks[0]!.model, warnings: [...stacks[0]!.findings] };
}
