/** The IOMMU is on: `/sys/kernel/iommu_groups` has groups (and the kernel command line asks for it). */
import { fail, pass, warn, type CheckArea } from '../check';

const FLAG = /^(intel_iommu|amd_iommu|iommu)=/;

export const iommuChecks: CheckArea = {
  name: 'iommu',
  async run({ host, facts }) {
    const [cmdline, groups] = await Promise.all([facts.kernelCmdline(), facts.iommuGroups()]);
    const flags = cmdline.split(/\s+/).filter((w) => FLAG.test(w));
    const shown = flags.length > 0 ? `kernel command line: ${flags.join(' ')}` : 'no IOMMU flags on the kernel command line';
    if (groups.size > 0) return [pass('iommu', `${new Set(groups.values()).size} IOMMU groups; ${shown}`)];
    const needed = [...host.pci.values()].some((d) => d.passthrough);
    const status = needed ? fail : warn;
    if (flags.includes('intel_iommu=on') || flags.includes('amd_iommu=on')) {
      return [status('iommu', `${shown}, but /sys/kernel/iommu_groups is empty`, 'enable VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware setup and reboot')];
    }
    return [status('iommu', `IOMMU is off: ${shown} and /sys/kernel/iommu_groups is empty${needed ? '; PCI passthrough needs it' : ''}`,
      'add "intel_iommu=on iommu=pt" (AMD: "iommu=pt") to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub and run update-grub ' +
      '(systemd-boot: /etc/kernel/cmdline, then proxmox-boot-tool refresh), enable VT-d/AMD-Vi in the firmware, reboot')];
  },
};
