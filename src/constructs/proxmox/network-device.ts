/** Renders NICs as bpg `network_device` entries (a list(object) attribute: every key must be present). */
import type { Nic } from '../../model/types';

/** The eleven keys Terraform requires in each `network_device` object, sorted. */
export const NETWORK_DEVICE_KEYS = [
  'bridge', 'disconnected', 'enabled', 'firewall', 'mac_address', 'model', 'mtu', 'queues', 'rate_limit', 'trunks', 'vlan_id',
] as const;

export type NetworkDeviceJson = Record<(typeof NETWORK_DEVICE_KEYS)[number], string | number | boolean | null>;

/**
 * One entry per NIC, in NIC order (index 0 = net0 in the guest), unused keys as null.
 *
 * `enabled` is deprecated in bpg 0.111 (a warning per NIC at every plan when it is set), but the vendored
 * 0.111.1 schema (schemas/providers/homelab-subset.json) still lists it in the object type of
 * `network_device`, and Terraform requires every key of an object-typed attribute in JSON configuration.
 * So the key stays and is null: the SDK treats null as unset, applies the schema default (enabled = true,
 * proxmoxtf/resource/vm/network/schema.go `dvNetworkDeviceEnabled`) and sends nothing deprecated.
 */
export function renderNetworkDevices(nics: readonly Nic[]): NetworkDeviceJson[] {
  return nics.map((nic) => ({
    bridge: nic.bridge,
    disconnected: false,
    enabled: null,
    firewall: nic.firewall,
    mac_address: nic.mac,
    model: nic.model,
    mtu: nic.mtu,
    queues: null,
    rate_limit: null,
    trunks: null,
    vlan_id: nic.vlanId ?? null,
  }));
}
