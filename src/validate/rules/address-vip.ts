/** HL-ADDR-005: a cluster VIP lies in the network of NIC 0 of every control plane / K3s server (layer-2 VIP). */
import { cidrContains } from '../../model/net';
import type { Rule } from '../finding';
import { nicCidr } from '../walk';

export const addressVip: Rule = {
  id: 'HL-ADDR-005',
  severity: 'error',
  description: 'A cluster VIP lies inside the network of NIC 0 of every control plane (Talos) or server (K3s, kube-vip ARP).',
  *check(lab) {
    for (const c of lab.clusters) {
      if (c.vip === undefined) continue;
      for (const cp of c.controlPlanes) {
        const nic0 = cp.vm.nics[0];
        const cidr = nic0 && nicCidr(nic0);
        if (cidr === undefined || cidrContains(cidr, c.vip)) continue;
        yield {
          path: `${c.path}.vip`,
          message: `VIP ${c.vip} is outside ${cidr}, the network of NIC 0 of control plane "${cp.vm.name}"; Talos announces the VIP on that link`,
          fix: `use a free address inside ${cidr}`,
        };
      }
    }
    for (const c of lab.k3sClusters) {
      if (c.vip === undefined) continue;
      for (const s of c.servers) {
        const nic0 = s.vm.nics[0];
        const cidr = nic0 && nicCidr(nic0);
        if (cidr === undefined || cidrContains(cidr, c.vip)) continue;
        yield {
          path: `${c.path}.vip`,
          message: `VIP ${c.vip} is outside ${cidr}, the network of NIC 0 of server "${s.vm.name}"; kube-vip announces the VIP by ARP on that link`,
          fix: `use a free address inside ${cidr}`,
        };
      }
    }
  },
};
