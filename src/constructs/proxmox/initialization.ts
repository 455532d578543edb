/**
 * cloud-init network settings shared by VMs (`initialization` of proxmox_virtual_environment_vm) and LXC
 * containers (`initialization` of proxmox_virtual_environment_container): one `ip_config` per NIC, in NIC
 * order, and the DNS block. Both resources take the same shape for these parts.
 */
import type { Nic } from '../../model/types';

export interface DnsInit {
  readonly servers?: string[];
  readonly domain?: string;
}

export interface IpConfigInit {
  readonly ipv4?: { readonly address: string; readonly gateway?: string };
}

/** The DNS block, or undefined when there is nothing to set. */
export function renderDns(servers: readonly string[], domain: string | undefined): DnsInit | undefined {
  return servers.length || domain ? { servers: servers.length ? [...servers] : undefined, domain } : undefined;
}

/** One entry per NIC: `dhcp`, `address/prefix` with NIC 0's gateway, or empty for NICs without an address. */
export function renderIpConfig(nics: readonly Nic[]): IpConfigInit[] {
  return nics.map((n) => ({
    ipv4: n.dhcp ? { address: 'dhcp' } : n.ip ? { address: `${n.ip}/${n.prefix}`, gateway: n.gateway } : undefined,
  }));
}
