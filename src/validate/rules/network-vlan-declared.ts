/** HL-NET-004: a NIC's VLAN is declared under its bridge's `vlans` (so its network is known). */
import type { Rule } from '../finding';
import { nicsOf, oneOf } from '../walk';

export const networkVlanDeclared: Rule = {
  id: 'HL-NET-004',
  severity: 'warning',
  description: 'A NIC\'s VLAN tag is declared under the bridge\'s vlans, so its CIDR and gateway can be checked.',
  *check(lab) {
    for (const { vm, nic, path, bridge } of nicsOf(lab)) {
      if (nic.vlanId === undefined || !bridge?.vlanAware || bridge.vlans.has(nic.vlanId)) continue;
      const declared = [...bridge.vlans.keys()].map(String);
      yield {
        path: `${path}.vlan`,
        message: `VLAN ${nic.vlanId} is not declared on bridge "${bridge.name}" of host "${vm.host.key}"${declared.length ? ` (declared: ${declared.join(', ')})` : ''}; its addresses and gateway cannot be checked`,
        fix: `add vlans: { "${nic.vlanId}": { cidr: ... } } to hosts.${vm.host.key}.bridges.${bridge.name}${declared.length ? `, or use ${oneOf(declared)}` : ''}`,
      };
    }
  },
};
