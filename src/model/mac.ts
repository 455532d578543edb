/** Deterministic MAC addresses for VM NICs. */
import { NIC_DEFAULTS } from '../defaults';

/**
 * The MAC of NIC `index` of VM `vmId`: `02` (locally administered, unicast), the VMID in the next four
 * bytes and the NIC index in the last. Unique by construction while VMIDs are unique, and stable across
 * runs. Upper case, as Proxmox stores MACs; Talos selectors compare the lower-case form.
 */
export function deriveMac(vmId: number, index: number): string {
  const bytes = [Math.floor(vmId / 2 ** 24) % 256, Math.floor(vmId / 2 ** 16) % 256, Math.floor(vmId / 256) % 256, vmId % 256, index % 256];
  return [NIC_DEFAULTS.macPrefix, ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':').toUpperCase();
}
