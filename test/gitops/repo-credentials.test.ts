import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import { validateLab } from '../../src/validate/validate';
import { fixturePath } from '../support/paths';

/** The HL-GITOPS-001 fixture (ssh:// without credentials) with an engine and a secretRef. */
function profile(engine: 'flux' | 'argocd', secretRef?: string, url = 'ssh://git@github.com/example/lab.git') {
  const p = parse(readFileSync(fixturePath('invalid', 'rules', 'gitops-ssh-without-secret.yaml'), 'utf8'));
  p.clusters.lab.gitops.engine = engine;
  p.clusters.lab.gitops.repo = { url, ...(secretRef ? { secretRef } : {}) };
  return p;
}

describe('private GitOps repositories', () => {
  it('Argo CD: secretRef becomes repository credentials, created before the bootstrap (SSH key or token)', () => {
    const lab = loadLab(profile('argocd', 'lab-repo'));
    const secret = kubeClusters(lab)[0]!.gitops!.bootstrapSecrets.find((s) => s.name === 'lab-repo')!;
    assert.equal(secret.namespace, 'argocd');
    assert.equal(secret.command, 'kubectl create namespace argocd --dry-run=client -o yaml | kubectl apply -f - && kubectl -n argocd create secret generic lab-repo --from-literal=type=git --from-literal=url=ssh://git@github.com/example/lab.git --from-file=sshPrivateKey="$GIT_SSH_KEY_FILE" && kubectl -n argocd label secret lab-repo argocd.argoproj.io/secret-type=repository');
    assert.deepEqual(validateLab(lab).filter((f) => f.id === 'HL-GITOPS-001'), []);
    const https = kubeClusters(loadLab(profile('argocd', 'lab-repo', 'https://git.example.com/lab.git')))[0]!.gitops!.bootstrapSecrets.find((s) => s.name === 'lab-repo')!;
    assert.match(https.command, /--from-literal=username=git --from-literal=password="\$GIT_TOKEN"/);
  });

  it('without credentials an ssh:// URL is a warning for Argo CD too', () => {
    assert.deepEqual(validateLab(loadLab(profile('argocd'))).filter((f) => f.id === 'HL-GITOPS-001').map((f) => f.path), ['clusters.lab.gitops.repo.url']);
  });
});
