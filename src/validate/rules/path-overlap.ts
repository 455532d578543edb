/** HL-PATH-003: outputs do not overlap (two GitOps trees in one folder, a kubeconfig inside a GitOps tree). */
import { outsideLexically, overlapsLexically, PATH_RULE_IDS, profileOutputPaths, rootLexically } from '../../synth/output-paths';
import type { Rule } from '../finding';

export const pathOverlap: Rule = {
  id: PATH_RULE_IDS.overlap,
  severity: 'error',
  description: 'Output paths do not overlap: no GitOps tree inside another or inside --out, no kubeconfig/talosconfig/inventory inside a generated tree.',
  *check(lab) {
    const paths = profileOutputPaths(lab).filter((p) => !outsideLexically(p) && !rootLexically(p));
    for (const hit of overlapsLexically(paths)) yield { path: hit.path, message: hit.message, fix: hit.fix };
  },
};
