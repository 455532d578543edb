/** HL-HW-007: passthrough by raw address needs root@pam; a resource mapping works with API tokens. */
import { isRoot } from '../../proxmox/root-only';
import type { Rule } from '../finding';
import { describePassthrough, passthroughsOf } from '../walk';

export const hardwarePciRaw: Rule = {
  id: 'HL-HW-007',
  severity: 'warning',
  description: 'PCI passthrough by raw address (host device or address) needs root@pam credentials; a mapping works with API tokens.',
  *check(lab) {
    // For any other Terraform user, HL-PVE-003 reports it as an error.
    if (!isRoot(lab.proxmox.terraformUser)) return;
    for (const ref of passthroughsOf(lab)) {
      if (ref.pci.mapping !== undefined) continue;
      yield {
        path: ref.path,
        message: `${describePassthrough(ref.pci)} is passed by raw address, which needs root@pam credentials in Proxmox; a resource mapping works with API tokens`,
        fix: 'create a PCI resource mapping (Datacenter > Resource Mappings) and use pci: [{ mapping: <name> }], or acknowledge HL-HW-007 if Terraform runs as root@pam',
      };
    }
  },
};
