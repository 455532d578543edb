/**
 * HL-HW-008: a GPU passed through to a Talos or K3s node whose vendor the GPU table (src/model/gpu.ts) does not
 * know gets no driver, device plugin or node label. Stand-alone VMs are not checked: their OS brings its driver.
 */
import { GPU_VENDORS } from '../../model/gpu';
import { kubeClusters } from '../../model/kube-clusters';
import type { Rule } from '../finding';
import { nodesOf } from '../walk-gitops';

export const hardwareGpuVendor: Rule = {
  id: 'HL-HW-008',
  severity: 'warning',
  description: 'A GPU (kind gpu) passed to a cluster node has a vendor:device id of NVIDIA (10de), Intel (8086) or AMD (1002); otherwise the node gets no driver, device plugin or GPU label.',
  *check(lab) {
    const known = Object.values(GPU_VENDORS).map((v) => `${v.pciVendorId} (${v.displayName})`).join(', ');
    for (const cluster of kubeClusters(lab)) {
      for (const { vm } of nodesOf(cluster)) {
        for (const [index, p] of vm.pci.entries()) {
          if (p.kind !== 'gpu' || (p.id && GPU_VENDORS[p.id.toLowerCase().split(':')[0]!])) continue;
          yield {
            path: `${vm.path}.pci[${index}]`,
            message: p.id
              ? `"${vm.name}" has GPU ${p.id}, whose vendor is not one of ${known}: the node gets no driver, device plugin or GPU label`
              : `"${vm.name}" has a GPU (${p.slot}) without a vendor:device id: the node gets no driver, device plugin or GPU label`,
            fix: p.id
              ? 'install its driver yourself (cluster extensions / patches) and acknowledge HL-HW-008, or set kind: other if it is not a GPU'
              : `describe the GPU under hosts.${vm.host.key}.pci with its id (lspci -nn, e.g. "8086:56a5") and pass it by device or mapping`,
          };
        }
      }
    }
  },
};
