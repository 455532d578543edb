/** HL-APP-001: an app that requests a GPU has a node with an NVIDIA GPU in its cluster. */
import type { Rule } from '../finding';
import { gitopsClustersOf, nodesOf } from '../walk-gitops';

export const appGpuNode: Rule = {
  id: 'HL-APP-001',
  severity: 'error',
  description: 'An app with `gpu` runs in a cluster with a node that has an NVIDIA GPU passed through.',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      if (nodesOf(cluster).some((n) => n.vm.nvidiaGpu)) continue;
      for (const app of gitops.apps.filter((a) => a.gpu)) {
        yield {
          path: `${app.path}.gpu`,
          message: `app "${app.name}" requests ${app.gpu} NVIDIA GPU${app.gpu === 1 ? '' : 's'}, but no node of cluster "${cluster.name}" has one; its pods stay Pending`,
          fix: `pass an NVIDIA GPU (pci kind gpu, vendor 10de) to a node of ${cluster.path}, or remove gpu from the app`,
        };
      }
    }
  },
};
