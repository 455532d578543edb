/** HL-HW-002: a VM has no more vCPUs than its host has threads. */
import type { Rule } from '../finding';
import { allVms, vcpus } from '../walk';

export const hardwareVcpuHost: Rule = {
  id: 'HL-HW-002',
  severity: 'error',
  description: 'A VM\'s vCPUs (cores x sockets) do not exceed its host\'s cpuThreads.',
  *check(lab) {
    for (const vm of allVms(lab)) {
      const n = vcpus(vm);
      if (n <= vm.host.cpuThreads) continue;
      yield {
        path: `${vm.path}.cores`,
        message: `"${vm.name}" has ${n} vCPUs (${vm.cores} cores x ${vm.sockets} socket${vm.sockets === 1 ? '' : 's'}), above the ${vm.host.cpuThreads} threads of host "${vm.host.key}"`,
        fix: `use at most ${vm.host.cpuThreads} vCPUs`,
      };
    }
  },
};
