/**
 * HL-SANITY-005: an environment variable whose name says it is secret (TOKEN, SECRET, PASSWORD, PRIVATE,
 * CREDENTIAL, ...KEY but not PUBLIC) is not substituted into the profile: every profile value ends up in clear
 * in an output (Terraform JSON, the GitOps tree in Git, the inventory) — Flux `gitops.variables` in the
 * cluster-config ConfigMap, app `values` in the HelmRelease/Application.
 */
import { envReferencesOf } from '../../model/env-origins';
import type { Rule } from '../finding';

const SECRET = /(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY$|^KEY$)/i;

export const isSecretName = (name: string): boolean => SECRET.test(name) && !/PUBLIC/i.test(name);

function where(path: string): string {
  if (/\.gitops\.variables\./.test(path)) return 'the cluster-config ConfigMap (Flux postBuild substitution) in the GitOps tree';
  if (/\.apps\.[^.]+\.values\b/.test(path)) return 'the app\'s Helm values in the GitOps tree';
  return 'the synthesized output (Terraform JSON, GitOps tree or inventory)';
}

export const sanitySecretEnv: Rule = {
  id: 'HL-SANITY-005',
  severity: 'error',
  description: 'No secret-looking environment variable (TOKEN, SECRET, PASSWORD, PRIVATE, ...KEY) is substituted into the profile: its value would be written in clear into a ConfigMap, Helm values or Terraform JSON.',
  *check(lab) {
    for (const ref of envReferencesOf(lab)) {
      if (!isSecretName(ref.name)) continue;
      for (const path of ref.paths) {
        yield {
          path,
          message: `\${env:${ref.name}} looks like a secret; its value would be written in clear into ${where(path)}`,
          fix: 'keep secrets out of the profile: use gitops.secrets (SOPS or Infisical) or the provider\'s own environment variables; if the variable is not secret, rename it',
        };
      }
    }
  },
};
