/**
 * HL-PVE-002: a stand-alone VM has an OS source (`clone`, `iso` or `import`). Without one the VM gets an
 * empty disk 0 and boots nothing; bpg then waits for a guest agent that never answers.
 */
import type { Rule } from '../finding';

export const proxmoxVmOsSource: Rule = {
  id: 'HL-PVE-002',
  severity: 'error',
  description: 'A stand-alone VM boots something: a golden-image clone, an installer ISO or an imported cloud image.',
  *check(lab) {
    for (const vm of lab.vms.filter((v) => v.os === undefined)) {
      const images = lab.images.map((i) => i.name);
      yield {
        path: vm.path,
        message: `VM "${vm.name}" has no OS source: disk 0 would be empty and the VM would boot nothing`,
        fix: `set clone: <golden image>${images.length ? ` (${images.join(', ')})` : ' (define one under images)'}, iso: <storage>:iso/<installer>.iso, or import: <storage>:import/<cloud image>`,
      };
    }
  },
};
