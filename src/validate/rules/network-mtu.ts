/** HL-NET-002: a NIC's MTU is not above its bridge's MTU. */
import type { Rule } from '../finding';
import { nicsOf } from '../walk';

export const networkMtu: Rule = {
  id: 'HL-NET-002',
  severity: 'error',
  description: 'A NIC\'s MTU does not exceed the MTU of its bridge.',
  *check(lab) {
    for (const { vm, nic, path, bridge } of nicsOf(lab)) {
      if (!bridge || nic.mtu <= bridge.mtu) continue;
      yield {
        path: `${path}.mtu`,
        message: `MTU ${nic.mtu} is above the MTU ${bridge.mtu} of bridge "${bridge.name}" on host "${vm.host.key}"; large frames would be dropped`,
        fix: `use at most ${bridge.mtu}, or raise hosts.${vm.host.key}.bridges.${bridge.name}.mtu`,
      };
    }
  },
};
