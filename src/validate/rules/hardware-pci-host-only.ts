/** HL-HW-006: a host PCI device marked `passthrough: false` is not passed to a VM. */
import type { PciDevice } from '../../model/types';
import type { Rule } from '../finding';
import { passthroughsOf, pciAddressesOverlap, type PassthroughRef } from '../walk';

/** The host-only device a passthrough entry touches, by name or by raw address. */
function hostOnlyDevice(ref: PassthroughRef): PciDevice | undefined {
  if (ref.pci.device) return ref.pci.device.passthrough ? undefined : ref.pci.device;
  const address = ref.pci.address;
  if (address === undefined) return undefined;
  return [...ref.vm.host.pci.values()].find((d) => !d.passthrough && pciAddressesOverlap(d.address, address));
}

export const hardwarePciHostOnly: Rule = {
  id: 'HL-HW-006',
  severity: 'error',
  description: 'A host PCI device with passthrough: false is not passed through.',
  *check(lab) {
    for (const ref of passthroughsOf(lab)) {
      const device = hostOnlyDevice(ref);
      if (!device) continue;
      yield {
        path: ref.path,
        message: `PCI device "${device.name}" (${device.address}) of host "${ref.vm.host.key}" has passthrough: false (it stays with the host) but "${ref.vm.name}" takes it`,
        fix: `remove it from ${ref.vm.path}.pci, or set passthrough: true on hosts.${ref.vm.host.key}.pci.${device.name}`,
      };
    }
  },
};
