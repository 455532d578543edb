/** HL-ADDR-005: a cluster VIP lies in the network of NIC 0 of every control plane (layer-2 VIP). */
import { cidrContains } from '../../model/net';
import type { Rule } from '../finding';
import { nicCidr } from '../walk';

export const addressVip: Rule = {
  id: 'HL-ADDR-005',
  severity: 'error',
  description: 'A cluster VIP lies inside the network of NIC 0 of every control plane.',
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
  },
};
