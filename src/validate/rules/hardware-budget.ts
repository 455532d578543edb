/** HL-HW-003: the VMs of a host stay within its declared budget (vCPUs and memory). */
import type { Host, Lab, Vm } from '../../model/types';
import type { Hit, Rule } from '../finding';
import { allVms, vcpus } from '../walk';

const RESOURCES = [
  { field: 'cpuThreads', unit: 'vCPUs', use: vcpus },
  { field: 'memoryMiB', unit: 'MiB', use: (vm: Vm) => vm.memoryMiB },
] as const;

function* hostBudget(host: Host, vms: readonly Vm[]): Iterable<Hit> {
  for (const r of RESOURCES) {
    const limit = host.budget?.[r.field];
    if (limit === undefined) continue;
    const total = vms.reduce((sum, vm) => sum + r.use(vm), 0);
    if (total <= limit) continue;
    const parts = vms.map((vm) => `${vm.name} ${r.use(vm)}`).join(', ');
    yield {
      path: `hosts.${host.key}.budget.${r.field}`,
      message: `VMs on "${host.key}" use ${total} ${r.unit}, above the budget of ${limit} (${parts})`,
      fix: `shrink VMs by ${total - limit} ${r.unit} or raise the budget`,
    };
  }
}

export const hardwareBudget: Rule = {
  id: 'HL-HW-003',
  severity: 'error',
  description: 'The sum of vCPUs and of memory of the VMs on a host stays within host.budget, when declared.',
  *check(lab: Lab) {
    const vms = allVms(lab);
    for (const host of lab.hosts) yield* hostBudget(host, vms.filter((vm) => vm.host === host));
  },
};
