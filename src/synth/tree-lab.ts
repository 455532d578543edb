/**
 * What synth reports after the constructs ran: the lab assembled from the lab stack's construct tree (so VMs
 * added by `extend` hooks are in the inventory and the result) and the warnings of its whole-lab checks.
 */
import type { App } from '../cdktf';
import type { Lab } from '../model/types';
import type { Finding } from '../validate/validate';
import { LabStack } from '../../stacks/lab-stack';

/** The synthesized app's lab stack named like `lab`, its assembled lab and warnings (those not in `known`). */
export function treeLab(app: App, lab: Lab, known: readonly Finding[]): { lab: Lab; warnings: Finding[] } {
  const stack = app.node.children.find((c): c is LabStack => c instanceof LabStack && c.node.id === lab.name);
  if (!stack) return { lab, warnings: [...known] };
  const key = (f: Finding) => `${f.id}\u0000${f.path}\u0000${f.message}`;
  const seen = new Set(known.map(key));
  return { lab: stack.model, warnings: [...known, ...stack.findings.filter((f) => !seen.has(key(f)))] };
}
