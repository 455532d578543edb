/**
 * Every address of a lab, once: host management addresses, gateways, each machine NIC, cluster VIPs, the
 * LoadBalancer address each app reserves, and the load-balancer pools as ranges. Pure, no cdktf.
 */
import type { Lab } from '../model/types';
import { clusters, compareText, machines } from './lab-view';

export type AddressUse = 'management' | 'gateway' | 'NIC' | 'cluster VIP' | 'LoadBalancer' | 'LB pool';

export interface AddressRow {
  /** `10.10.0.41/24`, `10.10.0.1`, `192.168.10.193-192.168.10.254`, `dhcp`. */
  readonly address: string;
  readonly use: AddressUse;
  /** Host, machine (with its role), cluster, app or pool name. */
  readonly name: string;
  /** Host or cluster the address belongs to. */
  readonly where: string;
  readonly nic?: string;
  readonly network?: string;
  readonly mac?: string;
}

/** All address rows, sorted by address (IPv4 numerically), then use and name. */
export function addressRows(lab: Lab): AddressRow[] {
  const rows: AddressRow[] = [
    ...lab.hosts.map((h): AddressRow => ({ address: h.address, use: 'management', name: h.key, where: h.key })),
    ...gatewayRows(lab),
    ...machines(lab).flatMap((m) =>
      m.nics
        .filter((nic) => nic.address !== undefined)
        .map((nic): AddressRow => ({
          address: nic.address!,
          use: 'NIC',
          name: `${m.name} (${m.role})`,
          where: m.host.key,
          nic: `${nic.index} ${nic.alias}`,
          network: nic.vlanId !== undefined ? `${nic.bridge} VLAN ${nic.vlanId}` : nic.bridge,
          mac: nic.mac,
        })),
    ),
    ...clusters(lab).flatMap((c): AddressRow[] => [
      ...(c.vip ? [{ address: c.vip, use: 'cluster VIP' as const, name: c.name, where: c.name }] : []),
      ...c.apps.flatMap((a) => (a.loadBalancer ? [{ address: a.loadBalancer.address, use: 'LoadBalancer' as const, name: a.name, where: c.name }] : [])),
      ...c.pools.flatMap((p) => p.addresses.map((address) => ({ address, use: 'LB pool' as const, name: p.name, where: c.name }))),
    ]),
  ];
  return rows.sort((a, b) => compareAddresses(a.address, b.address) || compareText(a.use, b.use) || compareText(a.name, b.name));
}

/** One row per gateway address, naming every bridge/VLAN that routes through it. */
function gatewayRows(lab: Lab): AddressRow[] {
  const byAddress = new Map<string, { networks: string[]; hosts: string[] }>();
  for (const host of lab.hosts) {
    for (const bridge of host.bridges.values()) {
      const networks = [
        { name: bridge.name, gateway: bridge.network?.gateway },
        ...[...bridge.vlans].map(([vlan, n]) => ({ name: `${bridge.name} VLAN ${vlan}`, gateway: n.gateway })),
      ];
      for (const { name, gateway } of networks) {
        if (!gateway) continue;
        const entry = byAddress.get(gateway) ?? { networks: [], hosts: [] };
        if (!entry.networks.includes(name)) entry.networks.push(name);
        if (!entry.hosts.includes(host.key)) entry.hosts.push(host.key);
        byAddress.set(gateway, entry);
      }
    }
  }
  return [...byAddress].map(([address, e]) => ({ address, use: 'gateway', name: e.networks.join(', '), where: e.hosts.join(', ') }));
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/;

/** IPv4 addresses (and ranges, by their start) numerically first, then everything else as text. */
export function compareAddresses(a: string, b: string): number {
  const ma = IPV4.exec(a);
  const mb = IPV4.exec(b);
  if (ma && mb) {
    for (let i = 1; i <= 4; i++) {
      const d = Number(ma[i]) - Number(mb[i]);
      if (d !== 0) return d;
    }
    return compareText(a, b);
  }
  return ma ? -1 : mb ? 1 : compareText(a, b);
}
