/** HL-ADDR-003: no IPv4 address is used twice (host addresses, NIC addresses, cluster VIPs, LoadBalancer reservations). */
import type { Rule } from '../finding';
import { duplicates, nicsOf } from '../walk';
import { reservationsOf } from '../walk-gitops';

export const addressUnique: Rule = {
  id: 'HL-ADDR-003',
  severity: 'error',
  description: 'No address is used twice across host addresses, static NIC addresses of VMs and Talos/K3s nodes, Talos and K3s cluster VIPs and reserved app LoadBalancer addresses.',
  *check(lab) {
    const uses = [
      ...lab.hosts.map((h) => ({ ip: h.address, path: `hosts.${h.key}.address`, what: `host "${h.key}"` })),
      ...nicsOf(lab).map(({ vm, nic, path }) => ({ ip: nic.ip, path: `${path}.address`, what: `NIC ${nic.index} of "${vm.name}"` })),
      ...[...lab.clusters, ...lab.k3sClusters].map((c) => ({ ip: c.vip, path: `${c.path}.vip`, what: `the VIP of cluster "${c.name}"` })),
      ...reservationsOf(lab).map((r) => ({ ip: r.address, path: r.path, what: `the LoadBalancer address of app "${r.app.name}"` })),
    ];
    for (const { item, first } of duplicates(uses, (u) => u.ip)) {
      yield {
        path: item.path,
        message: `address ${item.ip} is already used by ${first.what} (${first.path})`,
        fix: 'give each host, NIC, VIP and LoadBalancer reservation its own address',
      };
    }
  },
};
