/**
 * HL-SANITY-004: an explicit MAC is a unicast address: the least significant bit of the first octet is 0
 * (IEEE 802: 1 marks a group/multicast address; FF:FF:FF:FF:FF:FF is broadcast) and it is not all zeros.
 * Linux, include/linux/etherdevice.h `is_valid_ether_addr` (torvalds/linux, v6.x), refuses exactly these; a
 * guest driver then makes up a random MAC, so DHCP reservations and Talos `mac(...)` link selectors miss.
 */
import type { Rule } from '../finding';
import { nicsOf } from '../walk';

export function macProblem(mac: string): string | undefined {
  const octets = mac.split(/[:-]/).map((o) => parseInt(o, 16));
  if (octets.length !== 6 || octets.some((o) => Number.isNaN(o))) return undefined;
  if (octets.every((o) => o === 0xff)) return 'is the broadcast address';
  if (octets.every((o) => o === 0)) return 'is all zeros';
  if ((octets[0]! & 1) === 1) return 'is a multicast (group) address: the first octet is odd';
  return undefined;
}

export const sanityMacUnicast: Rule = {
  id: 'HL-SANITY-004',
  severity: 'error',
  description: 'Explicit MAC addresses are unicast: not multicast (odd first octet), not broadcast, not all zeros.',
  *check(lab) {
    const refs = [
      ...nicsOf(lab).map((r) => ({ path: r.path, mac: r.nic.mac })),
      ...lab.containers.flatMap((c) => c.nics.map((n) => ({ path: `${c.path}.nics[${n.index}]`, mac: n.mac }))),
    ];
    for (const { path, mac } of refs) {
      const problem = macProblem(mac);
      if (!problem) continue;
      yield { path: `${path}.mac`, message: `MAC ${mac} ${problem}`, fix: 'remove the mac (one is derived from the VMID) or use a locally administered unicast one such as 02:xx:xx:xx:xx:xx' };
    }
  },
};
