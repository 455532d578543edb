/** HL-LB-001: a reserved LoadBalancer address lies inside one of its cluster's LoadBalancer pools. */
import type { Rule } from '../finding';
import { inRange, poolRangesOf, reservationsOf } from '../walk-gitops';

export const lbAddressInPool: Rule = {
  id: 'HL-LB-001',
  severity: 'error',
  description: 'Every reserved app LoadBalancer address lies inside a pool of the cluster\'s loadBalancer section (without one, nothing assigns it).',
  *check(lab) {
    for (const r of reservationsOf(lab)) {
      const ranges = poolRangesOf(r.cluster);
      if (ranges.length === 0) {
        yield {
          path: r.path,
          message: `app "${r.app.name}" reserves ${r.address}, but cluster "${r.cluster.name}" has no loadBalancer pools, so nothing assigns the address`,
          fix: `add ${r.cluster.path}.loadBalancer (engine metallb or cilium) with a pool that contains ${r.address}`,
        };
      } else if (!ranges.some((p) => inRange(p.range, r.address))) {
        yield {
          path: r.path,
          message: `address ${r.address} of app "${r.app.name}" is outside every LoadBalancer pool of cluster "${r.cluster.name}" (${ranges.map((p) => p.spec).join(', ')})`,
          fix: `use an address inside one of the pools, or add ${r.address} to a pool (e.g. a reservedOnly pool)`,
        };
      }
    }
  },
};
