/** HL-NET-003: every Talos node has a default route (some NIC carries a gateway). */
import type { Rule } from '../finding';
import { talosNodesOf } from '../walk';

export const networkDefaultRoute: Rule = {
  id: 'HL-NET-003',
  severity: 'error',
  description: 'Every Talos node has a default route: one of its NICs has a gateway.',
  *check(lab) {
    for (const { node } of talosNodesOf(lab)) {
      const vm = node.vm;
      if (vm.nics.some((n) => n.gateway !== undefined)) continue;
      const nic0 = vm.nics[0]!;
      const why = nic0.network?.gateway !== undefined ? `NIC 0 turns off the gateway ${nic0.network.gateway} of its network` : `the network of NIC 0 on bridge "${nic0.bridge}" declares none`;
      yield {
        path: `${vm.path}.nics[0].gateway`,
        message: `Talos node "${vm.name}" has no default route: no NIC has a gateway (${why})`,
        fix: `set a gateway on hosts.${vm.host.key}.bridges.${nic0.bridge}${nic0.vlanId !== undefined ? `.vlans.${nic0.vlanId}` : ''} or on ${vm.path}.nics[0].gateway`,
      };
    }
  },
};
