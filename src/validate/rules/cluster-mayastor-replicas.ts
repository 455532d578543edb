/** HL-CLUSTER-003: Mayastor replicas have as many nodes with a Mayastor disk (DiskPool) to live on. */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

export const clusterMayastorReplicas: Rule = {
  id: 'HL-CLUSTER-003',
  severity: 'error',
  description: 'Mayastor replicas need at least that many nodes with a disk of purpose mayastor.',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      for (const e of gitops.apps.flatMap((a) => a.extras)) {
        if (e.type !== 'mayastor-pools') continue;
        const nodes = [...new Set(e.pools.map((p) => p.node))];
        if (e.replicas <= nodes.length) continue;
        yield {
          path: `${cluster.path}.storage.mayastor.replicas`,
          message: `Mayastor replicas is ${e.replicas}, but only ${nodes.length} node${nodes.length === 1 ? ' has' : 's have'} a disk of purpose mayastor${nodes.length ? ` (${nodes.join(', ')})` : ''}; volumes cannot be provisioned`,
          fix: `set replicas to ${Math.max(1, nodes.length)} or less, or give more nodes a disk with purpose: mayastor`,
        };
      }
    }
  },
};
