/** HL-ADDR-003: no IPv4 address is used twice (host addresses, NIC addresses, cluster VIPs). */
import type { Rule } from '../finding';
import { duplicates, nicsOf } from '../walk';

export const addressUnique: Rule = {
  id: 'HL-ADDR-003',
  severity: 'error',
  description: 'No address is used twice across host addresses, static NIC addresses of VMs and Talos nodes, and cluster VIPs.',
  *check(lab) {
    const uses = [
      ...lab.hosts.map((h) => ({ ip: h.address, path: `hosts.${h.key}.address`, what: `host "${h.key}"` })),
      ...nicsOf(lab).map(({ vm, nic, path }) => ({ ip: nic.ip, path: `${path}.address`, what: `NIC ${nic.index} of "${vm.name}"` })),
      ...lab.clusters.map((c) => ({ ip: c.vip, path: `${c.path}.vip`, what: `the VIP of cluster "${c.name}"` })),
    ];
    for (const { item, first } of duplicates(uses, (u) => u.ip)) {
      yield {
        path: item.path,
        message: `address ${item.ip} is already used by ${first.what} (${first.path})`,
        fix: 'give each host, NIC and VIP its own address',
      };
    }
  },
};
