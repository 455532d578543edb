/** HL-ADDR-002: gateways are reachable: inside their bridge/VLAN network, or the NIC's own network. */
import { cidrContains } from '../../model/net';
import type { Hit, Rule } from '../finding';
import { networksOf, nicCidr, nicsOf } from '../walk';
import type { Lab } from '../../model/types';

function* networkGateways(lab: Lab): Iterable<Hit> {
  for (const { network, path } of networksOf(lab)) {
    if (network.gateway === undefined || cidrContains(network.cidr, network.gateway)) continue;
    yield {
      path: `${path}.gateway`,
      message: `gateway ${network.gateway} is outside the network ${network.cidr}`,
      fix: `use the router's address inside ${network.cidr}, or correct the cidr`,
    };
  }
}

function* nicGateways(lab: Lab): Iterable<Hit> {
  for (const { nic, path } of nicsOf(lab)) {
    // A gateway inherited from the network is checked (once) on the network itself.
    if (nic.gateway === undefined || nic.gateway === nic.network?.gateway) continue;
    const cidr = nicCidr(nic);
    if (cidr === undefined || cidrContains(cidr, nic.gateway)) continue;
    yield {
      path: `${path}.gateway`,
      message: `gateway ${nic.gateway} is outside ${cidr}, the network of this NIC, so the route cannot be installed`,
      fix: `use a gateway inside ${cidr}, or set gateway: false`,
    };
  }
}

export const addressGateway: Rule = {
  id: 'HL-ADDR-002',
  severity: 'error',
  description: 'Bridge and VLAN gateways lie inside their CIDR; an explicit NIC gateway lies inside the NIC\'s network.',
  *check(lab) {
    yield* networkGateways(lab);
    yield* nicGateways(lab);
  },
};
