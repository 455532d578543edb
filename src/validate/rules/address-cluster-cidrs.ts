/** HL-ADDR-004: a cluster's pod and service CIDRs overlap neither each other nor any lab network. */
import { cidrsOverlap } from '../../model/net';
import type { Rule } from '../finding';
import { networksOf } from '../walk';

export const addressClusterCidrs: Rule = {
  id: 'HL-ADDR-004',
  severity: 'error',
  description: 'Pod and service CIDRs of a Talos cluster overlap no bridge or VLAN network and not each other.',
  *check(lab) {
    const networks = networksOf(lab);
    for (const c of lab.clusters) {
      const ranges = [
        { field: 'podCidr', label: 'pod CIDR', cidr: c.podCidr },
        { field: 'serviceCidr', label: 'service CIDR', cidr: c.serviceCidr },
      ];
      for (const r of ranges) {
        for (const n of networks) {
          if (!cidrsOverlap(r.cidr, n.network.cidr)) continue;
          yield {
            path: `${c.path}.${r.field}`,
            message: `${r.label} ${r.cidr} overlaps ${n.network.cidr}, the network of ${n.path}`,
            fix: `set ${c.path}.${r.field} to a range no bridge or VLAN uses`,
          };
        }
      }
      if (cidrsOverlap(c.podCidr, c.serviceCidr)) {
        yield {
          path: `${c.path}.serviceCidr`,
          message: `service CIDR ${c.serviceCidr} overlaps the pod CIDR ${c.podCidr}`,
          fix: 'use separate ranges, e.g. podCidr 10.244.0.0/16 and serviceCidr 10.96.0.0/12',
        };
      }
    }
  },
};
