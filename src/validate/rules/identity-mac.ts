/** HL-ID-003: MAC addresses are unique across every NIC of the lab. */
import { deriveMac } from '../../model/mac';
import type { Rule } from '../finding';
import { duplicates, nicsOf, type NicRef } from '../walk';

const derived = (r: NicRef) => r.nic.mac === deriveMac(r.vm.vmId, r.nic.index).toUpperCase();

export const identityMac: Rule = {
  id: 'HL-ID-003',
  severity: 'error',
  description: 'MAC addresses are unique across all NICs.',
  *check(lab) {
    for (const { item, first } of duplicates(nicsOf(lab), (r) => r.nic.mac)) {
      // Two derived MACs only collide when the VMIDs do; HL-ID-001 reports that.
      if (derived(item) && derived(first) && item.vm.vmId === first.vm.vmId) continue;
      yield {
        path: `${item.path}.mac`,
        message: `MAC ${item.nic.mac} is already used by ${first.path}`,
        fix: 'remove the explicit mac (a unique one is derived from the VMID) or choose another',
      };
    }
  },
};
