/** HL-HW-004: a VM with a GPU passed through uses CPU type `host`. */
import { gpuInfoOf } from '../../model/gpu';
import type { Rule } from '../finding';
import { allVms } from '../walk';

export const hardwareGpuCpuType: Rule = {
  id: 'HL-HW-004',
  severity: 'warning',
  description: 'GPU passthrough VMs use cpuType host (drivers and CUDA expect the host CPU flags).',
  *check(lab) {
    for (const vm of allVms(lab)) {
      // The vendor table says which GPUs need it (all known vendors do); a GPU of unknown vendor is checked too.
      if (vm.cpuType === 'host' || !vm.pci.some((p) => p.kind === 'gpu') || gpuInfoOf(vm)?.rules.includes('cpu-type-host') === false) continue;
      yield {
        path: `${vm.path}.cpuType`,
        message: `"${vm.name}" has a GPU passed through but cpuType "${vm.cpuType}"`,
        fix: 'set cpuType: host',
      };
    }
  },
};
