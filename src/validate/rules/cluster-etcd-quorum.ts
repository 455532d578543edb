/**
 * HL-CLUSTER-001: the number of control planes (Talos) or servers (K3s, embedded etcd from two servers on)
 * gives etcd a quorum that survives a failure.
 */
import type { Rule } from '../finding';

export const clusterEtcdQuorum: Rule = {
  id: 'HL-CLUSTER-001',
  severity: 'warning',
  description: 'etcd quorum: 2 control planes (Talos) or K3s servers tolerate no failure (no better than 1), an even number adds none over one fewer.',
  *check(lab) {
    const clusters = [
      ...lab.clusters.map((c) => ({ name: c.name, path: `${c.path}.controlPlanes`, n: c.controlPlanes.length, what: 'control planes' })),
      ...lab.k3sClusters.map((c) => ({ name: c.name, path: `${c.path}.servers`, n: c.servers.length, what: 'K3s servers' })),
    ];
    for (const { name, path, n, what } of clusters) {
      if (n < 2 || n % 2 === 1) continue;
      yield {
        path,
        message: n === 2
          ? `cluster "${name}" has 2 ${what}: etcd needs both for quorum, so losing either stops the cluster`
          : `cluster "${name}" has ${n} ${what}: an even number tolerates no more failures than ${n - 1}`,
        fix: `use ${n + 1} ${what} (or ${n - 1}${n === 2 ? ', accepting no fault tolerance' : ''})`,
      };
    }
  },
};
