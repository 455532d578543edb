/** Rules a profile cannot reach, checked on Lab objects changed in code (as a library user might build them). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { App } from '../../src/model/gitops-types';
import { loadLab } from '../../src/model/load';
import type { Lab, TalosCluster } from '../../src/model/types';
import { validateLab } from '../../src/validate/validate';
import { profilePath } from '../support/paths';
import { LAB_ONLY_RULES } from './lab-only-rules';

/** The lab with its first cluster replaced by `change(cluster)`. */
const withCluster = (lab: Lab, change: (c: TalosCluster) => TalosCluster): Lab => ({ ...lab, clusters: [change(lab.clusters[0]!), ...lab.clusters.slice(1)] });

/** The lab with every app of its first cluster passed through `change`. */
const withApps = (lab: Lab, change: (a: App) => App): Lab =>
  withCluster(lab, (c) => ({ ...c, gitops: { ...c.gitops!, apps: c.gitops!.apps.map(change) } }));

const hits = (lab: Lab, id: string) => validateLab(lab).filter((f) => f.id === id).map((f) => [f.path, f.message]);

describe('rules checked on Lab objects', () => {
  it('covers every rule a profile cannot reach', () => assert.deepEqual(LAB_ONLY_RULES, ['HL-CLUSTER-004', 'HL-APP-002']));

  it('HL-CLUSTER-004: a Longhorn node without iscsi-tools and util-linux-tools', () => {
    const lab = loadLab(profilePath('flux-layered'));
    assert.deepEqual(hits(lab, 'HL-CLUSTER-004'), []);
    const stripped = withCluster(lab, (c) => ({
      ...c,
      workers: c.workers.map((n, i) => (i === 1 ? { ...n, extensions: n.extensions.filter((e) => e !== 'siderolabs/iscsi-tools') } : n)),
    }));
    const found = hits(stripped, 'HL-CLUSTER-004');
    assert.equal(found.length, 1);
    assert.equal(found[0]![0], 'clusters.main.extensions');
    assert.match(found[0]![1]!, /node "k8s-worker-2" .* lacks siderolabs\/iscsi-tools;/);
  });

  it('HL-APP-002: a dependsOn naming no app', () => {
    const lab = withApps(loadLab(profilePath('flux-layered')), (a) => (a.name === 'plex' ? { ...a, dependsOn: [...a.dependsOn, 'plexx'] } : a));
    assert.deepEqual(hits(lab, 'HL-APP-002'), [['clusters.main.apps.plex.dependsOn', 'app "plex" depends on "plexx", which is not an app of cluster "main"']]);
  });

  it('HL-APP-002: a dependency cycle, reported once', () => {
    const lab = withApps(loadLab(profilePath('triple-nic-mayastor')), (a) =>
      a.name === 'infisical-operator' ? { ...a, dependsOn: ['media'] } : a.name === 'media' ? { ...a, dependsOn: ['cloudflared'] } : a);
    // cert-manager carries an InfisicalSecret (the Cloudflare token), so it waits for the operator too: a second cycle.
    const found = hits(lab, 'HL-APP-002').filter(([, m]) => /^dependency cycle: (\S+ -> ){3}\S+$/.test(m!));
    assert.equal(found.length, 1);
    assert.match(found[0]![1]!, /infisical-operator -> media -> cloudflared -> infisical-operator/);
  });

  it('HL-APP-003 (Argo CD): a CRD provider with a wave not below its user', () => {
    const lab = loadLab(profilePath('triple-nic-mayastor'));
    assert.deepEqual(hits(lab, 'HL-APP-003'), []);
    const late = withApps(lab, (a) => (a.name === 'cert-manager' ? { ...a, wave: 50 } : a));
    const issuers = hits(late, 'HL-APP-003').find(([p]) => p === 'clusters.main.apps.cluster-issuers.dependsOn');
    assert.match(issuers![1]!, /^app "cluster-issuers" \(sync wave \d+\) depends on "cert-manager" \(sync wave 50\)/);
  });

  it('HL-APP-003 (Flux): a dependsOn path through another app counts, a dropped one does not', () => {
    const lab = loadLab(profilePath('flux-layered'));
    assert.deepEqual(hits(lab, 'HL-APP-003'), []);
    // metallb-pools is a layer after metallb: ordered by the layers even without its dependsOn.
    const same = withApps(lab, (a) => (a.name === 'metallb-pools' ? { ...a, layer: 'system', layerIndex: 2, dependsOn: [] } : a));
    assert.deepEqual(hits(same, 'HL-APP-003').map(([p]) => p), ['clusters.main.apps.metallb-pools']);
  });
});
