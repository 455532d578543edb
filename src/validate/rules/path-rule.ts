/** Shared shape of the per-path HL-PATH rules: one lexical check applied to every output path of the profile. */
import { type OutputPath, profileOutputPaths } from '../../synth/output-paths';
import type { Hit, Rule } from '../finding';

export function perPathRule(id: string, description: string, check: (p: OutputPath) => Hit | undefined): Rule {
  return {
    id,
    severity: 'error',
    description,
    *check(lab) {
      for (const p of profileOutputPaths(lab)) {
        const hit = check(p);
        if (hit) yield { path: hit.path, message: hit.message, fix: hit.fix };
      }
    },
  };
}
