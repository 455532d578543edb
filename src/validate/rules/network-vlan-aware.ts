/** HL-NET-001: a NIC carries a VLAN tag only on a VLAN-aware bridge. */
import type { Rule } from '../finding';
import { nicsOf } from '../walk';

export const networkVlanAware: Rule = {
  id: 'HL-NET-001',
  severity: 'error',
  description: 'A NIC with a VLAN tag sits on a VLAN-aware bridge.',
  *check(lab) {
    for (const { vm, nic, path, bridge } of nicsOf(lab)) {
      if (nic.vlanId === undefined || !bridge || bridge.vlanAware) continue;
      yield {
        path: `${path}.vlan`,
        message: `VLAN tag ${nic.vlanId} on bridge "${bridge.name}" of host "${vm.host.key}", which is not VLAN-aware; the tag would be dropped`,
        fix: `set vlanAware: true on hosts.${vm.host.key}.bridges.${bridge.name} (and on the host), or remove the vlan`,
      };
    }
  },
};
