/** HL-SANITY-002: no VM or container has more memory (or a container more cores) than its host. */
import type { Rule } from '../finding';
import { allVms } from '../walk';

export const sanityGuestMemoryHost: Rule = {
  id: 'HL-SANITY-002',
  severity: 'error',
  description: 'A VM or container has no more memory than its host (memoryMiB), and a container no more cores than the host has threads.',
  *check(lab) {
    const guests = [
      ...allVms(lab).map((g) => ({ g, kind: 'VM' })),
      ...lab.containers.map((g) => ({ g, kind: 'container' })),
    ];
    for (const { g, kind } of guests) {
      if (g.memoryMiB > g.host.memoryMiB) {
        yield {
          path: `${g.path}.memoryMiB`,
          message: `${kind} "${g.name}" has ${g.memoryMiB} MiB of memory, more than the ${g.host.memoryMiB} MiB of host "${g.host.key}"`,
          fix: `use at most ${g.host.memoryMiB} MiB (less, to leave room for the host)`,
        };
      }
    }
    for (const c of lab.containers) {
      if (c.cores <= c.host.cpuThreads) continue;
      yield {
        path: `${c.path}.cores`,
        message: `container "${c.name}" has ${c.cores} cores, more than the ${c.host.cpuThreads} threads of host "${c.host.key}"`,
        fix: `use at most ${c.host.cpuThreads} cores`,
      };
    }
  },
};
