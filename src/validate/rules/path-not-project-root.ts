/** HL-PATH-002: no output is the project directory itself or contains the profile. */
import { PATH_RULE_IDS, rootLexically } from '../../synth/output-paths';
import { perPathRule } from './path-rule';

export const pathNotProjectRoot = perPathRule(
  PATH_RULE_IDS.root,
  'No output path is the project directory itself (`""`, `.`) or contains the profile or one of its includes (synth replaces output folders as a whole).',
  rootLexically,
);
