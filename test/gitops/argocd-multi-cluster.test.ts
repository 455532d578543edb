import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ProfileError } from '../../src/errors';
import { bootstrapCommand, gitopsFolders } from '../../src/gitops/synth-gitops';
import { loadLab } from '../../src/model/load';
import { parseProfileText } from '../../src/schema/load';
import { resolveLab } from '../../src/model/resolve';
import { validateK8sObjects } from '../support/k8s-schema';
import { fixturePath } from '../support/paths';

const file = fixturePath('gitops', 'multi-cluster.yaml');

describe('Argo CD managing another cluster (gitops.managedBy)', () => {
  it('targets the managed cluster\'s API endpoint and prefixes Application and AppProject names', () => {
    const edge = loadLab(file).clusters.find((c) => c.name === 'edge')!.gitops!;
    const objects = gitopsFolders(edge).flatMap((f) => f.objects);
    const whoami = objects.find((o) => o.kind === 'Application' && o.metadata.name === 'edge-whoami')!;
    assert.deepEqual(whoami.spec.destination, { server: 'https://10.0.0.29:6443', namespace: 'whoami' });
    assert.equal(whoami.spec.project, 'edge-apps');
    const project = objects.find((o) => o.kind === 'AppProject')!;
    assert.equal(project.metadata.name, 'edge-apps');
    assert.deepEqual(project.spec.destinations, [{ server: 'https://10.0.0.29:6443', namespace: '*' }]);
    assert.equal(objects.find((o) => o.metadata.name === 'edge-root')!.spec.destination.server, 'https://kubernetes.default.svc');
    assert.deepEqual(validateK8sObjects(objects), []);
    assert.equal(bootstrapCommand(edge), 'argocd cluster add <context of edge> --name edge && kubectl --context <context of hub> apply -f gitops/edge/argocd/root.yaml');
  });

  it('keeps the in-cluster destination and plain names for the managing cluster', () => {
    const hub = loadLab(file).clusters.find((c) => c.name === 'hub')!.gitops!;
    const app = gitopsFolders(hub).flatMap((f) => f.objects).find((o) => o.kind === 'Application' && o.metadata.name === 'argocd')!;
    assert.equal(app.spec.destination.server, 'https://kubernetes.default.svc');
  });

  it('refuses a managedBy that names no Argo CD cluster', () => {
    const text = readFileSync(file, 'utf8').replace('      managedBy: hub', '      managedBy: nowhere');
    assert.throws(() => resolveLab(parseProfileText(text)), (err: unknown) =>
      err instanceof ProfileError && err.problems.some((p) => p.path === 'clusters.edge.gitops.managedBy' && /use one of hub/.test(p.fix ?? '')));
  });
});
