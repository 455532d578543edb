/**
 * Whole-lab checks over the model a LabStack assembles from its constructs: the same whole-lab resolve checks
 * (ProfileError) and `homelab validate` rules (ValidationError) as a profile gets, so a VM added in code that
 * reuses a control plane's VMID, IP or MAC fails synth with the rule's message. No cdktf.
 */
import { ProfileError, ValidationError } from '../../errors';
import { Problems } from '../../model/problems';
import { checkWholeLab } from '../../model/resolve';
import type { Lab } from '../../model/types';
import { isError, validateLab, type Finding } from '../../validate/validate';
import type { LabRegistry } from './registry';

const checked = new WeakMap<Lab, readonly Finding[]>();

/** Records that `lab` passed the whole-lab checks with `warnings` (a stack built from it skips a second run). */
export function rememberChecked(lab: Lab, warnings: readonly Finding[]): void {
  checked.set(lab, warnings);
}

/** The warnings `lab` passed the whole-lab checks with, if it was checked. */
export function checkedWarnings(lab: Lab): readonly Finding[] | undefined {
  return checked.get(lab);
}

/** Re-roots a path under the construct path of the entity written in code that it names, if any. */
function inCode(path: string, codePaths: ReadonlyMap<string, string>): string {
  for (const [model, construct] of codePaths) {
    if (path === model) return construct;
    if (path.startsWith(`${model}.`) || path.startsWith(`${model}[`)) return `${construct}: ${path.slice(model.length).replace(/^\./, '')}`;
  }
  return path;
}

/** Names entities written in code by their construct paths inside a message too (`... used by "x" (vms.x)`). */
function messageInCode(message: string, codePaths: ReadonlyMap<string, string>): string {
  let out = message;
  for (const [model, construct] of codePaths) {
    out = out.replace(new RegExp(`(?<![\\w.-])${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'g'), construct);
  }
  return out;
}

/**
 * Runs the checks over the lab `labOf` assembles (from `registry`'s stack and, split, its siblings): throws ProfileError or ValidationError on errors and
 * returns the warnings. Findings about constructs written in code name their construct paths.
 */
export function checkLab(labOf: () => Lab, registry: LabRegistry): Finding[] {
  const codePaths = registry.codePaths();
  // A lab that passed the checks as a whole (synth's loaded profile) and got nothing in code needs no second run.
  const base = registry.settings.base && checked.get(registry.settings.base);
  if (base && codePaths.size === 0) return [...base];
  // Assembled only when the checks run (a split lab merges the models of all its stacks).
  const lab = labOf();
  const problems = new Problems();
  checkWholeLab(lab, problems);
  if (problems.list.length) throw new ProfileError(problems.list.map((p) => ({ ...p, path: inCode(p.path, codePaths), message: messageInCode(p.message, codePaths) })));
  const findings = validateLab(lab).map((f) => ({ ...f, path: inCode(f.path, codePaths), message: messageInCode(f.message, codePaths) }));
  if (findings.some(isError)) throw new ValidationError(findings);
  return findings;
}
