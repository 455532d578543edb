/** HL-PATH-002: no output is the project directory itself or contains the profile. */
import { PATH_RULE_IDS, profileOutputPaths, rootLexically } from '../../synth/output-paths';
import type { Rule } from '../finding';

export const pathNotProjectRoot: Rule = {
  id: PATH_RULE_IDS.root,
  severity: 'error',
  description: 'No output path is the project directory itself (`""`, `.`) or contains the profile or one of its includes (synth replaces output folders as a whole).',
  *check(lab) {
    for (const p of profileOutputPaths(lab)) {
      const hit = rootLexically(p);
      if (hit) yield { path: hit.path, message: hit.message, fix: hit.fix };
    }
  },
};
