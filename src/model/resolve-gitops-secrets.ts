/**
 * Secrets the tree reads but does not contain: the Git credentials, the secret store's own credentials, the
 * Cloudflare token of the DNS-01 issuer, the VolSync restic repositories and the apps' secrets kept as SOPS
 * files. Each comes with the exact command that creates it; `declared` says whether the profile names it
 * (validate warns until it does).
 */
import type { BootstrapSecret, GitOps } from './gitops-types';
import type { GitOpsClusterInput } from './resolve-gitops';

type Draft = Omit<GitOps, 'bootstrapSecrets'>;

const ensureNamespace = (ns: string) => `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`;

/** `KEY=$VAR` pairs as kubectl literals. */
const literals = (keys: readonly (readonly [string, string])[]) => keys.map(([k, env]) => `--from-literal=${k}="$${env}"`).join(' ');

/** Keys of the VolSync restic repository secret (volsync docs, usage/restic: RESTIC_REPOSITORY, RESTIC_PASSWORD and the S3 credentials). */
const RESTIC_KEYS = [['RESTIC_REPOSITORY', 'RESTIC_REPOSITORY'], ['RESTIC_PASSWORD', 'RESTIC_PASSWORD'], ['AWS_ACCESS_KEY_ID', 'AWS_ACCESS_KEY_ID'], ['AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY']] as const;

/** Creates the secret in the cluster, or (SOPS) writes it encrypted to `file` (sops finds .sops.yaml upward from the repository root). */
function createCommand(ns: string, name: string, data: string, sopsFile?: string): string {
  const create = `kubectl -n ${ns} create secret generic ${name} ${data}`;
  if (sopsFile) return `${create} --dry-run=client -o yaml > ${sopsFile} && sops --encrypt --in-place ${sopsFile}`;
  return `${ensureNamespace(ns)} && ${create}`;
}

export function bootstrapSecretsOf(g: Draft, c: GitOpsClusterInput, path: string): BootstrapSecret[] {
  const out: BootstrapSecret[] = [];
  const sops = g.secrets?.provider === 'sops';
  const infisical = g.secrets?.provider === 'infisical';
  const appFile = (app: string, name: string) => {
    const a = g.apps.find((x) => x.name === app)!;
    return `${g.path}/${a.layer}/${a.name}/app/secret-${name}.sops.yaml`;
  };
  if (g.repoSecret && g.engine === 'flux') {
    const auth = /^ssh:\/\//.test(g.repoUrl) ? '--private-key-file="$GIT_SSH_KEY_FILE"' : '--username=git --password="$GIT_TOKEN"';
    out.push({
      name: g.repoSecret, namespace: 'flux-system', usedBy: 'GitRepository flux-system', declared: true, path: `${path}.gitops.repo.secretRef`,
      command: `${ensureNamespace('flux-system')} && flux create secret git ${g.repoSecret} --url=${g.repoUrl} ${auth}`,
    });
  }
  if (g.repoSecret && g.engine === 'argocd' && !g.managedBy) {
    // Argo CD reads repository credentials from a Secret labelled argocd.argoproj.io/secret-type=repository with
    // type, url and sshPrivateKey or username/password (argoproj/argo-cd docs/operator-manual/declarative-setup.md, "Repositories").
    const ssh = /^(ssh:\/\/|[^@/]+@[^:/]+:)/.test(g.repoUrl);
    const auth = ssh ? '--from-file=sshPrivateKey="$GIT_SSH_KEY_FILE"' : '--from-literal=username=git --from-literal=password="$GIT_TOKEN"';
    const create = `kubectl -n argocd create secret generic ${g.repoSecret} --from-literal=type=git --from-literal=url=${g.repoUrl} ${auth}`;
    out.push({
      name: g.repoSecret, namespace: 'argocd', usedBy: 'Argo CD repository credentials', declared: true, path: `${path}.gitops.repo.secretRef`,
      command: `${ensureNamespace('argocd')} && ${create} && kubectl -n argocd label secret ${g.repoSecret} argocd.argoproj.io/secret-type=repository`,
    });
  }
  if (g.secrets?.provider === 'infisical') {
    const cred = g.secrets.credentials;
    out.push({
      name: cred.name, namespace: cred.namespace, usedBy: 'every InfisicalSecret (universal auth)', path: `${path}.gitops.secrets.credentialsSecret`,
      declared: c.gitops?.secrets?.provider === 'infisical' && c.gitops.secrets.credentialsSecret !== undefined,
      command: createCommand(cred.namespace, cred.name, literals([['clientId', 'INFISICAL_CLIENT_ID'], ['clientSecret', 'INFISICAL_CLIENT_SECRET']])),
    });
  }
  const issuer = g.apps.flatMap((a) => a.extras.flatMap((e) => (e.type === 'cluster-issuer' ? [{ app: a, token: e.tokenSecret }] : [])))[0];
  if (issuer) {
    const cm = g.apps.find((a) => a.chart?.name === 'cert-manager') ?? issuer.app;
    const declared = cm.secrets.some((s) => s.name === issuer.token);
    if (!(declared && infisical)) {
      out.push({
        name: issuer.token, namespace: cm.namespace, usedBy: 'the letsencrypt ClusterIssuer (Cloudflare DNS-01)', declared, path: `${cm.path}.secrets`,
        command: createCommand(cm.namespace, issuer.token, literals([['api-token', 'CLOUDFLARE_API_TOKEN']]), declared && sops ? appFile(cm.name, issuer.token) : undefined),
      });
    }
  }
  const cmApp = g.apps.find((x) => x.chart?.name === 'cert-manager');
  for (const a of g.apps) {
    if (!infisical) {
      for (const s of a.secrets) {
        if (issuer && a === cmApp && s.name === issuer.token) continue;
        out.push({
          name: s.name, namespace: a.namespace, usedBy: `app ${a.name}`, declared: true, path: `${a.path}.secrets`,
          command: createCommand(a.namespace, s.name, `--from-env-file=${s.name}.env`, sops ? appFile(a.name, s.name) : undefined),
        });
      }
    }
    if (a.persistence?.backup && !infisical && !a.secrets.some((s) => s.name === `${a.name}-volsync`)) {
      const name = `${a.name}-volsync`;
      out.push({
        name, namespace: a.namespace, usedBy: `VolSync backup of ${a.name} (restic repository)`, declared: sops, path: `${a.path}.secrets`,
        command: createCommand(a.namespace, name, literals(RESTIC_KEYS), sops ? appFile(a.name, name) : undefined),
      });
    }
  }
  return out;
}
