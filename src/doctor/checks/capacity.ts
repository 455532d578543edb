/**
 * Threads (`nproc`) and memory (`/proc/meminfo`) against what the profile places on the host: the sum of
 * vCPUs and memory of its VMs; the memory of VMs not created yet must fit into MemAvailable.
 */
import { allVms } from '../../model/resolve';
import { fail, pass, profilePath, sum, warn, type CheckArea, type CheckOutcome } from '../check';

export const capacityChecks: CheckArea = {
  name: 'capacity',
  async run({ lab, host, facts }) {
    const vms = allVms(lab).filter((vm) => vm.host.key === host.key);
    const out: CheckOutcome[] = [];

    const threads = await facts.threads();
    const vcpus = sum(vms.map((vm) => vm.cores * vm.sockets));
    const biggest = [...vms].sort((a, b) => b.cores * b.sockets - a.cores * a.sockets)[0];
    if (biggest && biggest.cores * biggest.sockets > threads) {
      out.push(fail('cpu', `${biggest.path} has ${biggest.cores * biggest.sockets} vCPUs, the host has ${threads} threads`, `lower ${biggest.path}.cores to at most ${threads}`));
    } else if (vcpus > threads) {
      out.push(warn('cpu', `${vcpus} vCPUs of ${vms.length} VMs on ${threads} threads (overcommitted)`, 'lower the cores of VMs on this host if they are busy at the same time'));
    } else {
      out.push(pass('cpu', `${vcpus} vCPUs of ${vms.length} VMs on ${threads} threads`));
    }
    if (threads !== host.cpuThreads) {
      out.push(warn('cpu', `the host has ${threads} threads, the profile says cpuThreads: ${host.cpuThreads}`, `set ${profilePath(host, 'cpuThreads')}: ${threads}`));
    }

    const memory = await facts.memory();
    const placed = sum(vms.map((vm) => vm.memoryMiB));
    const existing = new Set((await facts.guests()).filter((g) => g.node === host.nodeName).map((g) => g.vmid));
    const pending = vms.filter((vm) => !existing.has(vm.vmId));
    const needed = sum(pending.map((vm) => vm.memoryMiB));
    const found = `${placed} MiB for ${vms.length} VMs; host: ${memory.totalMiB} MiB total, ${memory.availableMiB} MiB available`;
    if (placed > memory.totalMiB) {
      out.push(fail('memory', `${found}; the VMs need more than the host has`, 'lower memoryMiB of VMs on this host, move VMs to another host or add RAM'));
    } else if (needed > memory.availableMiB) {
      out.push(fail('memory', `${found}; ${pending.map((vm) => vm.vmId).join(', ')} (not created yet) need ${needed} MiB`,
        'free memory on the host (stop VMs that are not in the profile, cap the ZFS ARC) or lower memoryMiB of the new VMs'));
    } else {
      out.push(pass('memory', `${found}${pending.length > 0 ? `; ${pending.length} VMs not created yet need ${needed} MiB` : ''}`));
    }
    return out;
  },
};
