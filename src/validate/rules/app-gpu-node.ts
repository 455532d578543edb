/** HL-APP-001: an app that requests a GPU has a node with that vendor's GPU in its cluster. */
import { GPU_VENDOR_NAMES, vendorInfo } from '../../model/gpu';
import { clusterGpuVendors } from '../../model/resolve-gitops-gpu';
import type { Rule } from '../finding';
import { gitopsClustersOf, nodesOf } from '../walk-gitops';

export const appGpuNode: Rule = {
  id: 'HL-APP-001',
  severity: 'error',
  description: 'An app with `gpu` runs in a cluster with a node that has a GPU of the vendor it asks for (with several vendors, it names one).',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      const vendors = clusterGpuVendors(nodesOf(cluster));
      for (const app of gitops.apps) {
        const gpu = app.gpu;
        if (!gpu || gpu.target) continue;
        const path = `${app.path}.gpu`;
        const plural = gpu.count === 1 ? '' : 's';
        if (!gpu.vendor && vendors.length > 1) {
          yield {
            path,
            message: `app "${app.name}" requests ${gpu.count} GPU${plural}, but cluster "${cluster.name}" has GPUs of several vendors (${vendors.join(', ')})`,
            fix: `write gpu: { vendor: ${vendors[0]}, count: ${gpu.count} } (one of ${vendors.join(', ')})`,
          };
          continue;
        }
        const name = gpu.vendor ? vendorInfo(gpu.vendor).displayName : 'a';
        const pci = gpu.vendor ? `vendor ${vendorInfo(gpu.vendor).pciVendorId}` : `vendor ${GPU_VENDOR_NAMES.map((v) => vendorInfo(v).pciVendorId).join('/')}`;
        yield {
          path,
          message: `app "${app.name}" requests ${gpu.count} ${gpu.vendor ? `${name} ` : ''}GPU${plural}, but no node of cluster "${cluster.name}" has ${gpu.vendor ? `an ${name}` : 'a'} GPU${vendors.length ? ` (it has ${vendors.join(', ')})` : ''}; its pods stay Pending`,
          fix: vendors.length && gpu.vendor
            ? `ask for a GPU the cluster has (gpu: { vendor: ${vendors[0]}, count: ${gpu.count} }) or pass ${name === 'a' ? 'a' : `an ${name}`} GPU (pci kind gpu, ${pci}) to a node of ${cluster.path}`
            : `pass a GPU (pci kind gpu, ${pci}) to a node of ${cluster.path}, or remove gpu from the app`,
        };
      }
    }
  },
};
