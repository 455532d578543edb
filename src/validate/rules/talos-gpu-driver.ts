/**
 * HL-HW-009: a Talos node's image has the driver extension of its GPU. siderolabs/extensions adds `drm/xe` in
 * v1.12.0 (absent at v1.11.x), so an xe-only Intel card (Lunar Lake, Battlemage, Panther Lake) on Talos 1.11 boots
 * without a driver.
 */
import { gpuInfoOf } from '../../model/gpu';
import type { Rule } from '../finding';
import { talosNodesOf } from '../walk';

export const talosGpuDriver: Rule = {
  id: 'HL-HW-009',
  severity: 'warning',
  description: 'A Talos node with a GPU boots an image with the extension that drives it (Intel xe-only cards need Talos >= 1.12).',
  *check(lab) {
    for (const { cluster, node } of talosNodesOf(lab)) {
      const info = gpuInfoOf(node.vm);
      if (!info || !node.vm.gpu) continue;
      const needed = info.talosDriverExtension(node.vm.gpu.id);
      if (node.extensions.includes(needed)) continue;
      yield {
        path: `${cluster.path}.talosVersion`,
        message: `"${node.vm.name}" has ${info.displayName} GPU ${node.vm.gpu.id}, which needs ${needed}, but Talos ${cluster.talosVersion} has no such extension: the card gets no driver`,
        fix: `set talosVersion to v1.12.0 or later (node ${node.vm.path})`,
      };
    }
  },
};
