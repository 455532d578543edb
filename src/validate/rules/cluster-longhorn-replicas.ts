/**
 * HL-CLUSTER-002: Longhorn keeps no more replicas of a volume than the cluster has nodes that run its pods: a
 * replica needs a longhorn-manager/instance-manager on its node, and those do not tolerate the control-plane taint.
 */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

/** `defaultSettings.defaultReplicaCount` of the cluster's Longhorn release. */
function longhornReplicas(values: Readonly<Record<string, unknown>>): number | undefined {
  const n = (values.defaultSettings as Record<string, unknown> | undefined)?.defaultReplicaCount;
  return typeof n === 'number' ? n : undefined;
}

export const clusterLonghornReplicas: Rule = {
  id: 'HL-CLUSTER-002',
  severity: 'error',
  description: 'Longhorn replicas (storage.longhorn.replicas) are not above the number of nodes that run pods (tainted Talos control planes do not count).',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      const app = gitops.apps.find((a) => a.chart?.name === 'longhorn');
      const replicas = app && longhornReplicas(app.values);
      const nodes = cluster.schedulable.length;
      if (replicas === undefined || replicas <= nodes) continue;
      yield {
        path: `${cluster.path}.storage.longhorn.replicas`,
        message: `Longhorn keeps ${replicas} replicas of each volume, but cluster "${cluster.name}" has ${nodes} node${nodes === 1 ? '' : 's'} that run${nodes === 1 ? 's' : ''} pods${cluster.schedulable.length < cluster.nodes.length ? ' (control planes are tainted)' : ''}; volumes stay degraded`,
        fix: `set replicas to ${nodes} or less, or add workers${cluster.kind === 'talos' && cluster.schedulable.length < cluster.nodes.length ? ' (or set allowSchedulingOnControlPlanes: true)' : ''}`,
      };
    }
  },
};
