/** HL-HW-001: a PCI device belongs to at most one started VM (no vGPU/SR-IOV sharing). */
import type { Passthrough } from '../../model/types';
import type { Rule } from '../finding';
import { describePassthrough, passthroughsOf, pciAddressesOverlap, type PassthroughRef } from '../walk';

function sameDevice(a: Passthrough, b: Passthrough): boolean {
  if (a.mapping !== undefined || b.mapping !== undefined) return a.mapping === b.mapping;
  return a.address !== undefined && b.address !== undefined && pciAddressesOverlap(a.address, b.address);
}

export const hardwarePciOwner: Rule = {
  id: 'HL-HW-001',
  severity: 'error',
  description: 'A PCI device (host device, raw address or mapping) is passed to at most one started VM on its host.',
  *check(lab) {
    const seen: PassthroughRef[] = [];
    for (const ref of passthroughsOf(lab).filter((r) => r.vm.started)) {
      const first = seen.find((s) => s.vm.host === ref.vm.host && sameDevice(s.pci, ref.pci));
      if (!first) {
        seen.push(ref);
        continue;
      }
      const owner = first.vm === ref.vm ? 'this VM already' : `"${first.vm.name}"`;
      yield {
        path: ref.path,
        message: `${describePassthrough(ref.pci)} is also passed to ${owner} (${first.path}); a device can belong to one running VM`,
        fix: first.vm === ref.vm ? 'list the device once' : 'pass it to one VM only, or set started: false on the others',
      };
    }
  },
};
