/** HL-PATH-001: output paths of the profile stay inside the project (no `..`, absolute only where documented). */
import { outsideLexically, PATH_RULE_IDS, profileOutputPaths } from '../../synth/output-paths';
import type { Rule } from '../finding';

export const pathInsideProject: Rule = {
  id: PATH_RULE_IDS.outside,
  severity: 'error',
  description: 'Output paths (gitops.path, kubeconfigPath, talosconfigPath, --out, --inventory) resolve inside the project: no `..` out of it, no symbolic link out of it, absolute only for kubeconfigPath/talosconfigPath.',
  *check(lab) {
    for (const p of profileOutputPaths(lab)) {
      const hit = outsideLexically(p);
      if (hit) yield { path: hit.path, message: hit.message, fix: hit.fix };
    }
  },
};
