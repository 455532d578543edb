/**
 * HL-SANITY-001: a VM disk lives on a storage whose content includes `images`. Proxmox refuses a new disk
 * elsewhere: proxmox/qemu-server src/PVE/API2/Qemu.pm (version 9.2.6, commit e6352be6), the storage-access
 * check of create/update raises "storage '<id>' does not support vm images" when `content` lacks `images`,
 * so `terraform apply` would fail mid-way.
 */
import type { Rule } from '../finding';
import { allVms } from '../walk';

export const sanityDiskStorageImages: Rule = {
  id: 'HL-SANITY-001',
  severity: 'error',
  description: 'Every VM disk is on a storage whose content includes `images` (Proxmox allocates VM disks only there).',
  *check(lab) {
    for (const vm of allVms(lab)) {
      for (const disk of vm.disks) {
        const storage = vm.host.storage.get(disk.storage);
        if (!storage || storage.content.includes('images')) continue;
        yield {
          path: `${vm.path}.disks[${disk.index}].storage`,
          message: `disk ${disk.index} of "${vm.name}" is on storage "${storage.id}", whose content (${storage.content.join(', ') || 'none'}) does not include images`,
          fix: `add images to hosts.${vm.host.key}.storage.${storage.id}.content, or put the disk on a storage with images`,
        };
      }
    }
  },
};
