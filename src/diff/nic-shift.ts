/**
 * NIC SHIFT: a NIC inserted (or removed) in the middle of a VM's list moves every NIC after it to the next
 * (previous) index. The index is the identity: Proxmox's netN, the generated MAC, the Talos link alias and the
 * address of that position all change, so "net1 10.40.0.41" becomes net2 with a new MAC while net1 is a
 * different network. Said in plain words, naming old and new alias, MAC and address.
 */
import { type Flag, SEVERITY } from './replacement';

interface Nic {
  readonly index: number;
  readonly bridge: string;
  readonly vlan: unknown;
  readonly mac: string;
  readonly mtu: unknown;
  readonly address?: string;
}

function nics(body: unknown): Nic[] {
  const b = (body ?? {}) as { network_device?: Record<string, unknown>[]; initialization?: { ip_config?: { ipv4?: { address?: string } }[] } };
  const ips = b.initialization?.ip_config ?? [];
  return (b.network_device ?? []).map((d, index) => ({
    index, bridge: String(d.bridge ?? ''), vlan: d.vlan_id ?? null, mac: String(d.mac_address ?? ''), mtu: d.mtu, address: ips[index]?.ipv4?.address,
  }));
}

/** The network a NIC is on: bridge, VLAN and address (what moves with it when its index changes). */
const identity = (n: Nic) => `${n.bridge}\0${String(n.vlan)}\0${n.address ?? ''}`;

function describe(n: Nic): string {
  return [`net${n.index}`, n.address?.replace(/\/\d+$/, '') ?? n.bridge, n.address ? `(${n.bridge}${n.vlan !== null ? ` VLAN ${n.vlan}` : ''})` : n.vlan !== null ? `VLAN ${n.vlan}` : '', n.mtu !== undefined && n.mtu !== 1500 ? `MTU ${n.mtu}` : '', `MAC ${n.mac}`]
    .filter(Boolean).join(' ');
}

/** Flags a VM whose NICs after some index moved to another index (an insert or removal in the middle). */
export function nicShiftFlags(type: string | undefined, address: string, before: unknown, after: unknown): Flag[] {
  if (type !== 'proxmox_virtual_environment_vm') return [];
  const [old, now] = [nics(before), nics(after)];
  const moved: [Nic, Nic][] = [];
  const used = new Set<number>();
  for (const n of old) {
    if (now[n.index] && identity(now[n.index]!) === identity(n)) continue;
    const to = now.find((m) => m.index !== n.index && !used.has(m.index) && identity(m) === identity(n));
    if (to) (moved.push([n, to]), used.add(to.index));
  }
  if (moved.length === 0) return [];
  const parts = moved.map(([from, to]) => `${describe(from)} → net${to.index} MAC ${to.mac}`);
  const taken = moved.map(([from]) => now[from.index]).filter((n): n is Nic => !!n && !moved.some(([, to]) => to.index === n.index));
  const fresh = taken.map((n) => `${describe(n)} is new`);
  return [{
    kind: 'nic-shift', severity: SEVERITY['nic-shift'], address, paths: ['network_device'],
    message: `NICs change position: ${[...parts, ...fresh].join('; ')}. Each NIC's index is its identity (Proxmox netN, MAC, Talos link alias, address): the guest sees different links on the next boot; add new NICs at the end of the list to keep the others`,
  }];
}
