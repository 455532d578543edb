/**
 * HL-APP-006: every Secret the tree reads but does not create is declared in the profile (the Cloudflare
 * token of the DNS-01 issuer, the Infisical universal-auth credentials, the VolSync restic repositories);
 * `homelab synth` prints the command that creates each one before the bootstrap.
 */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

export const appSecretDeclared: Rule = {
  id: 'HL-APP-006',
  severity: 'warning',
  description: 'Secrets that nothing in the GitOps tree creates (Cloudflare token, Infisical credentials, VolSync restic repositories) are declared in the profile.',
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      for (const s of gitops.bootstrapSecrets) {
        if (s.declared) continue;
        yield {
          path: s.path,
          message: `Secret ${s.namespace}/${s.name} (read by ${s.usedBy}) is not created by the tree; until it exists the app never becomes ready`,
          fix: s.path.endsWith('credentialsSecret')
            ? `set ${s.path} and create it before the bootstrap: ${s.command}`
            : `add { name: ${s.name} } to ${s.path} (synced from the secret store, or created with: ${s.command})`,
        };
      }
    }
  },
};
