/**
 * Talos network configuration of a node, derived from the same ordered NIC list that becomes the VM's
 * `network_device` list. Talos >= 1.12: LinkAliasConfig (select the NIC by its MAC), LinkConfig,
 * HostnameConfig, ResolverConfig, Layer2VIPConfig documents. Talos 1.11: `machine.network.interfaces`
 * with `deviceSelector.hardwareAddr`.
 */
import type { TalosCluster, TalosNode } from '../model/types';

export type TalosDocument = Record<string, unknown>;

/** True for Talos versions that take network settings as separate documents (>= 1.12). */
export function usesNetworkDocuments(talosVersion: string): boolean {
  const [major, minor] = talosVersion.replace(/^v/, '').split('.').map(Number);
  return major! > 1 || (major === 1 && minor! >= 12);
}

const lower = (mac: string) => mac.toLowerCase();

/**
 * Network documents (Talos >= 1.12) for a node. Rules of the consumer (siderolabs/talos v1.12.0 … v1.13.x):
 * - HostnameConfig: `HostnameConfigV1Alpha1.Validate` (pkg/machinery/config/types/network/hostname.go) refuses a
 *   `hostname` unless `auto` is `off`, and the config generator (pkg/machinery/config/generate/network.go) already
 *   emits `HostnameConfig{auto: stable}`, which the provider's strategic merge combines with ours; so `auto: off`
 *   is written explicitly (a pointer field: the merge overwrites `stable` with it).
 * - LinkConfig routes: `CommonLinkConfig.Validate` (…/network/link.go) refuses a destination whose address is
 *   unspecified (`0.0.0.0/0`); a default route is a route with a gateway and no destination.
 * - A NIC with `address: dhcp` gets a `DHCPv4Config` for its link (…/network/dhcp4.go): a LinkConfig alone
 *   brings the link up without any address.
 */
export function networkDocuments(cluster: TalosCluster, node: TalosNode): TalosDocument[] {
  const docs: TalosDocument[] = [{ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'off', hostname: node.vm.name }];
  for (const nic of node.vm.nics) {
    docs.push({
      apiVersion: 'v1alpha1',
      kind: 'LinkAliasConfig',
      name: nic.alias,
      selector: { match: `mac(link.permanent_addr) == "${lower(nic.mac)}"` },
    });
  }
  for (const nic of node.vm.nics) {
    const link: TalosDocument = { apiVersion: 'v1alpha1', kind: 'LinkConfig', name: nic.alias, up: true, mtu: nic.mtu };
    if (nic.ip) link.addresses = [{ address: `${nic.ip}/${nic.prefix}` }];
    if (nic.gateway) link.routes = [{ gateway: nic.gateway }];
    docs.push(link);
  }
  for (const nic of node.vm.nics) {
    if (nic.dhcp) docs.push({ apiVersion: 'v1alpha1', kind: 'DHCPv4Config', name: nic.alias });
  }
  if (cluster.nameservers.length > 0) {
    const domain = node.vm.nics[0]?.network?.domain;
    docs.push({
      apiVersion: 'v1alpha1',
      kind: 'ResolverConfig',
      nameservers: cluster.nameservers.map((address) => ({ address })),
      ...(domain ? { searchDomains: { domains: [domain] } } : {}),
    });
  }
  if (cluster.vip && node.role === 'controlplane') {
    docs.push({ apiVersion: 'v1alpha1', kind: 'Layer2VIPConfig', name: cluster.vip, link: node.vm.nics[0]!.alias });
  }
  return docs;
}

/** `machine.network` of the legacy (Talos 1.11) config for a node. */
export function legacyMachineNetwork(cluster: TalosCluster, node: TalosNode): TalosDocument {
  return {
    hostname: node.vm.name,
    ...(cluster.nameservers.length ? { nameservers: [...cluster.nameservers] } : {}),
    interfaces: node.vm.nics.map((nic) => ({
      deviceSelector: { hardwareAddr: lower(nic.mac) },
      mtu: nic.mtu,
      ...(nic.ip ? { addresses: [`${nic.ip}/${nic.prefix}`] } : nic.dhcp ? { dhcp: true } : {}),
      ...(nic.gateway ? { routes: [{ network: '0.0.0.0/0', gateway: nic.gateway }] } : {}),
      ...(cluster.vip && node.role === 'controlplane' && nic.index === 0 ? { vip: { ip: cluster.vip } } : {}),
    })),
  };
}
