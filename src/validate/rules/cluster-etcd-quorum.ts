/** HL-CLUSTER-001: the number of control planes gives etcd a quorum that survives a failure. */
import type { Rule } from '../finding';

export const clusterEtcdQuorum: Rule = {
  id: 'HL-CLUSTER-001',
  severity: 'warning',
  description: 'etcd quorum: 2 control planes tolerate no failure (no better than 1), an even number adds none over one fewer.',
  *check(lab) {
    for (const c of lab.clusters) {
      const n = c.controlPlanes.length;
      if (n < 2 || n % 2 === 1) continue;
      yield {
        path: `${c.path}.controlPlanes`,
        message: n === 2
          ? `cluster "${c.name}" has 2 control planes: etcd needs both for quorum, so losing either stops the cluster`
          : `cluster "${c.name}" has ${n} control planes: an even number tolerates no more failures than ${n - 1}`,
        fix: `use ${n + 1} control planes (or ${n - 1}${n === 2 ? ', accepting no fault tolerance' : ''})`,
      };
    }
  },
};
