/** HL-PATH-001: output paths of the profile stay inside the project (no `..`, absolute only where documented). */
import { outsideLexically, PATH_RULE_IDS } from '../../synth/output-paths';
import { perPathRule } from './path-rule';

export const pathInsideProject = perPathRule(
  PATH_RULE_IDS.outside,
  'Output paths (gitops.path, kubeconfigPath, talosconfigPath, --out, --inventory) resolve inside the project: no `..` out of it, no symbolic link out of it, absolute only for kubeconfigPath/talosconfigPath.',
  outsideLexically,
);
