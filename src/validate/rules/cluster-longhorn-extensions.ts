/** HL-CLUSTER-004: every node of a Longhorn cluster runs the iscsi-tools and util-linux-tools extensions. */
import { TALOS_DEFAULTS } from '../../defaults';
import type { Rule } from '../finding';
import { nodesOf } from '../walk-gitops';

export const clusterLonghornExtensions: Rule = {
  id: 'HL-CLUSTER-004',
  severity: 'error',
  description: 'The nodes of a Longhorn cluster have the iscsi-tools and util-linux-tools extensions (added automatically; fires for labs built in code).',
  *check(lab) {
    for (const c of lab.clusters) {
      if (!c.storage.longhorn) continue;
      for (const node of nodesOf(c)) {
        const missing = TALOS_DEFAULTS.longhornExtensions.filter((e) => !node.extensions.includes(e));
        if (missing.length === 0) continue;
        yield {
          path: `${c.path}.extensions`,
          message: `node "${node.vm.name}" of Longhorn cluster "${c.name}" lacks ${missing.join(' and ')}; Longhorn cannot attach volumes there`,
          fix: `add ${missing.join(', ')} to ${c.path}.extensions`,
        };
      }
    }
  },
};
