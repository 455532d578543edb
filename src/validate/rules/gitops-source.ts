/**
 * HL-GITOPS-001: an ssh:// Git source needs credentials: Flux's GitRepository authenticates with the
 * Secret in spec.secretRef (fluxcd/source-controller api/v1 gitrepository_types.go: SecretRef holds
 * identity/known_hosts for SSH) and without one the clone fails; Argo CD reads repository credentials from a Secret
 * labelled argocd.argoproj.io/secret-type=repository (declarative-setup.md, "Repositories").
 * HL-GITOPS-002: the Git server a cluster deploys cannot be that cluster's own source: on an empty cluster
 * nothing serves the repository the engine must pull first.
 */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

/** Host of a Git URL (`ssh://git@host:22/x`, `https://host/x`, `git@host:x`). */
export function gitHost(url: string): string | undefined {
  const m = url.match(/^[a-z+]+:\/\/(?:[^@/]+@)?([^:/]+)/i) ?? url.match(/^[^@/]+@([^:/]+):/);
  return m?.[1]?.toLowerCase();
}

export const gitopsSshSecret: Rule = {
  id: 'HL-GITOPS-001',
  severity: 'warning',
  description: 'An ssh:// GitOps repository has credentials (gitops.repo.secretRef: a Flux GitRepository secretRef or Argo CD repository credentials).',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      // Flux: GitRepository.spec.secretRef; Argo CD: a repository-credentials Secret (secretRef names it).
      if (!/^(ssh:\/\/|[^@/]+@[^:/]+:)/.test(gitops.repoUrl) || gitops.repoSecret) continue;
      yield {
        path: `${cluster.path}.gitops.repo.url`,
        message: `repository ${gitops.repoUrl} is reached over SSH but no Secret holds the key; the engine cannot clone it`,
        fix: `set ${cluster.path}.gitops.repo.secretRef (e.g. git-ssh) — synth prints the command that creates the Secret — or use an https:// URL`,
      };
    }
  },
};

export const gitopsSelfHosted: Rule = {
  id: 'HL-GITOPS-002',
  severity: 'warning',
  description: 'A cluster does not pull its GitOps tree from a Git server that the same cluster deploys.',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      const host = gitHost(gitops.repoUrl);
      if (!host) continue;
      const app = gitops.apps.find((a) => a.loadBalancer?.address === host || a.ingress?.host.toLowerCase() === host);
      if (!app) continue;
      yield {
        path: `${cluster.path}.gitops.repo.url`,
        message: `repository host ${host} is app "${app.name}" of this cluster; on an empty cluster nothing serves it, so the bootstrap never syncs`,
        fix: `pull from a Git server outside ${cluster.name} (or a mirror), and keep ${app.name} as a mirror of it`,
      };
    }
  },
};
