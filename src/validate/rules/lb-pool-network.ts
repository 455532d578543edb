/** HL-LB-002: a LoadBalancer pool lies inside a host network and holds no address a host, NIC or VIP uses. */
import { cidrContains } from '../../model/net';
import { kubeClusters } from '../../model/kube-clusters';
import type { Rule } from '../finding';
import { networksOf, nicsOf } from '../walk';
import { inRange, poolRangesOf, rangeInside, rangeOf } from '../walk-gitops';

export const lbPoolNetwork: Rule = {
  id: 'HL-LB-002',
  severity: 'error',
  description: 'A LoadBalancer pool lies inside a bridge/VLAN network of the lab\'s hosts and contains no host address, NIC address or cluster VIP.',
  *check(lab) {
    const networks = networksOf(lab);
    const used = [
      ...lab.hosts.map((h) => ({ ip: h.address, what: `host "${h.key}" (hosts.${h.key}.address)` })),
      ...nicsOf(lab).map(({ vm, nic, path }) => ({ ip: nic.ip, what: `NIC ${nic.index} of "${vm.name}" (${path}.address)` })),
      ...kubeClusters(lab).map((c) => ({ ip: c.vip, what: `the VIP of cluster "${c.name}" (${c.path}.vip)` })),
    ].filter((u): u is { ip: string; what: string } => u.ip !== undefined && u.ip !== 'dhcp');
    for (const c of kubeClusters(lab)) {
      for (const p of poolRangesOf(c)) {
        const home = networks.find((n) => rangeInside(p.range, rangeOf(n.network.cidr)));
        if (!home) {
          const near = networks.filter((n) => cidrContains(n.network.cidr, p.spec.split(/[-/]/)[0]!)).map((n) => `${n.network.cidr} (${n.path})`);
          yield {
            path: p.path,
            message: `pool "${p.pool}" range ${p.spec} is not inside any bridge or VLAN network of the lab's hosts${near.length ? `; it starts in ${near.join(', ')} but leaves it` : ''}`,
            fix: `use addresses inside one network, one of ${networks.map((n) => n.network.cidr).join(', ') || '(none declared)'}`,
          };
          continue;
        }
        for (const u of used.filter((x) => inRange(p.range, x.ip))) {
          yield {
            path: p.path,
            message: `pool "${p.pool}" range ${p.spec} contains ${u.ip}, the address of ${u.what}; the LoadBalancer would hand it out again`,
            fix: `shrink the range so it leaves out ${u.ip}, or move ${u.what.split(' (')[0]} to an address outside the pool`,
          };
        }
      }
    }
  },
};
