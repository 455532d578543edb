/** HL-SANITY-003: a network in CIDR form has no host bits set (`10.10.0.5/24` is an address, not a network). */
import { intToIp, ipToInt, parseCidr } from '../../model/net';
import type { Rule } from '../finding';
import { networksOf } from '../walk';

function* cidrs(lab: Parameters<Rule['check']>[0]): Iterable<{ path: string; cidr: string }> {
  for (const n of networksOf(lab)) yield { path: `${n.path}.cidr`, cidr: n.network.cidr };
  for (const c of lab.clusters) {
    yield { path: `${c.path}.podCidr`, cidr: c.podCidr };
    yield { path: `${c.path}.serviceCidr`, cidr: c.serviceCidr };
  }
}

export const sanityCidrHostBits: Rule = {
  id: 'HL-SANITY-003',
  severity: 'error',
  description: 'Bridge and VLAN networks and cluster pod/service CIDRs have no host bits set (10.10.0.0/24, not 10.10.0.5/24).',
  *check(lab) {
    for (const { path, cidr } of cidrs(lab)) {
      const network = intToIp(parseCidr(cidr).network);
      if (ipToInt(network) === ipToInt(cidr.split('/')[0]!)) continue;
      const fixed = `${network}/${cidr.split('/')[1]}`;
      yield { path, message: `${cidr} has host bits set; the network is ${fixed}`, fix: `write ${fixed}` };
    }
  },
};
