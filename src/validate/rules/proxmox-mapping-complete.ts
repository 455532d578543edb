/**
 * HL-PVE-001: every map entry of a PCI resource mapping carries the IOMMU group and the subsystem id.
 *
 * Proxmox checks a mapping when a VM that uses it starts: pve-guest-common `src/PVE/Mapping/PCI.pm`
 * `assert_valid` (commit 4a8f6cb, PVE 9) reads the device from sysfs and dies with "missing expected property
 * 'iommugroup'" / "'subsystem-id'" when the entry lacks a value the host has (the IOMMU group of the first
 * device; subsystem_vendor:subsystem_device of every device). Terraform creates such a mapping without
 * complaint, and the VM then never starts.
 */
import type { Rule } from '../finding';

export const proxmoxMappingComplete: Rule = {
  id: 'HL-PVE-001',
  severity: 'error',
  description: 'Every PCI mapping entry has iommuGroup and subsystemId (Proxmox refuses to start a VM on an incomplete mapping).',
  *check(lab) {
    for (const m of lab.proxmox.mappings.values()) {
      for (const [i, e] of m.map.entries()) {
        const at = `proxmox.mappings.${m.name}.map[${i}]`;
        const sysfs = `/sys/bus/pci/devices/${e.path.includes('.') ? e.path : `${e.path}.0`}`;
        if (e.iommuGroup === undefined) {
          yield {
            path: `${at}.iommuGroup`,
            message: `mapping "${m.name}" on host "${e.host.key}" has no IOMMU group for ${e.path}; Proxmox refuses to start a VM with it (Mapping/PCI.pm assert_valid: missing expected property 'iommugroup')`,
            fix: `run \`homelab discover\` on ${e.host.key} (it prints iommuGroup and subsystemId of each device) or read ${sysfs}/iommu_group, and set iommuGroup on the device under hosts.${e.host.key}.pci or on this entry`,
          };
        }
        if (e.subsystemId === undefined) {
          yield {
            path: `${at}.subsystemId`,
            message: `mapping "${m.name}" on host "${e.host.key}" has no subsystem id for ${e.path}; Proxmox refuses to start a VM with it (Mapping/PCI.pm assert_valid: missing expected property 'subsystem-id')`,
            fix: `run \`homelab discover\` on ${e.host.key} (it prints iommuGroup and subsystemId of each device) or read ${sysfs}/subsystem_vendor and ${sysfs}/subsystem_device (e.g. 0x10de and 0x1871 -> 10de:1871), and set subsystemId on the device under hosts.${e.host.key}.pci or on this entry`,
          };
        }
      }
    }
  },
};
