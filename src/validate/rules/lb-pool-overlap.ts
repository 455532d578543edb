/** HL-LB-003: the LoadBalancer pools of a cluster do not overlap. */
import { kubeClusters } from '../../model/kube-clusters';
import type { Rule } from '../finding';
import { type PoolRangeRef, poolRangesOf, rangesOverlap } from '../walk-gitops';

export const lbPoolOverlap: Rule = {
  id: 'HL-LB-003',
  severity: 'error',
  description: 'The address ranges of a cluster\'s LoadBalancer pools do not overlap each other.',
  *check(lab) {
    for (const c of kubeClusters(lab)) {
      const seen: PoolRangeRef[] = [];
      for (const p of poolRangesOf(c)) {
        const first = seen.find((s) => rangesOverlap(s.range, p.range));
        seen.push(p);
        if (!first) continue;
        yield {
          path: p.path,
          message: `range ${p.spec} of pool "${p.pool}" overlaps ${first.spec} of pool "${first.pool}" (${first.path}); an address would belong to two pools`,
          fix: 'make the ranges disjoint, or merge them into one pool',
        };
      }
    }
  },
};
