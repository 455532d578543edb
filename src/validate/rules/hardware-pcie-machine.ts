/** HL-HW-005: PCIe passthrough needs the q35 machine type. */
import type { Rule } from '../finding';
import { allVms } from '../walk';

export const hardwarePcieMachine: Rule = {
  id: 'HL-HW-005',
  severity: 'error',
  description: 'A VM with a PCI device passed as PCIe (pcie: true, the default) uses machine q35.',
  *check(lab) {
    for (const vm of allVms(lab)) {
      const pcie = vm.pci.filter((p) => p.pcie);
      if (vm.machine === 'q35' || pcie.length === 0) continue;
      yield {
        path: `${vm.path}.machine`,
        message: `"${vm.name}" passes ${pcie.map((p) => p.slot).join(', ')} as PCIe but has machine "${vm.machine}"; Proxmox refuses to start it`,
        fix: 'set machine: q35 (or pcie: false on the devices)',
      };
    }
  },
};
