/** HL-ADDR-001: a static NIC address is a usable host address of its network. */
import { cidrContains, intToIp, parseCidr, ipToInt } from '../../model/net';
import type { Rule } from '../finding';
import { nicsOf } from '../walk';

/** Network and broadcast address of a CIDR, when it has them (prefix up to /30). */
function reserved(cidr: string): { network: string; broadcast: string } | undefined {
  const c = parseCidr(cidr);
  if (c.prefix > 30) return undefined;
  return { network: intToIp(c.network), broadcast: intToIp(c.network + 2 ** (32 - c.prefix) - 1) };
}

export const addressInNetwork: Rule = {
  id: 'HL-ADDR-001',
  severity: 'error',
  description: 'Every static NIC address lies inside its network (bridge or VLAN CIDR) and is not its network or broadcast address.',
  *check(lab) {
    for (const { vm, nic, path } of nicsOf(lab)) {
      if (nic.ip === undefined || !nic.network) continue;
      const cidr = nic.network.cidr;
      const on = `${nic.vlanId !== undefined ? `VLAN ${nic.vlanId} of ` : ''}bridge "${nic.bridge}" on host "${vm.host.key}"`;
      if (!cidrContains(cidr, nic.ip)) {
        yield {
          path: `${path}.address`,
          message: `address ${nic.ip} is outside ${cidr}, the network of ${on}`,
          fix: `use an address inside ${cidr}, or attach the NIC to the bridge/VLAN of ${nic.ip}`,
        };
        continue;
      }
      const r = reserved(cidr);
      if (r && (nic.ip === r.network || nic.ip === r.broadcast)) {
        yield {
          path: `${path}.address`,
          message: `address ${nic.ip} is the ${nic.ip === r.network ? 'network' : 'broadcast'} address of ${cidr}`,
          fix: `use a host address between ${intToIp(ipToInt(r.network) + 1)} and ${intToIp(ipToInt(r.broadcast) - 1)}`,
        };
      }
    }
  },
};
