/**
 * HL-CLUSTER-006: a K3s cluster with two or more servers has a `vip`. Without one, agents, joining servers, the
 * kubeconfig and the `server_url` output all point at the first server, and the cluster loses its API endpoint
 * with that one VM although the other servers still run.
 */
import type { Rule } from '../finding';

export const clusterK3sVip: Rule = {
  id: 'HL-CLUSTER-006',
  severity: 'warning',
  description: 'A K3s cluster with two or more servers has a vip (kube-vip), so its API endpoint survives the loss of the first server.',
  *check(lab) {
    for (const c of lab.k3sClusters) {
      if (c.servers.length < 2 || c.vip !== undefined) continue;
      yield {
        path: `${c.path}.vip`,
        message: `K3s cluster "${c.name}" has ${c.servers.length} servers but no vip: every node and the kubeconfig use ${c.serverUrl}, the first server only`,
        fix: `set clusters.${c.name}.vip to a free address in the servers' network (kube-vip announces it)`,
      };
    }
  },
};
