/**
 * Wiring between split stacks (src/model/split.ts). Terraform cannot `depends_on` a resource of another state,
 * so such entries are dropped (the order is the apply order `homelab synth` prints), and where a stack needs
 * something another stack creates, it reads it through cdktf's cross-stack references: a sensitive output in
 * the stack that creates it and a `terraform_remote_state` data source in the one that uses it
 * (cdktf 0.21.0 lib/app.js crossStackReference, lib/terraform-stack.js registerOutgoingCrossStackReference).
 * Values the model already knows (VMIDs, names, addresses) stay static; only these go through remote state:
 * - the template a clone copies: `clone.vm_id` is the template's `vm_id` output, so planning a clone before the
 *   template's stack is applied fails ("Unable to find remote state", test/stacks/remote-state.test.ts) instead
 *   of cloning a VM that is not there;
 * - a PCI mapping a VM passes through: `hostpci[i].mapping` is the mapping's `name` output.
 */
import type { Construct } from 'constructs';
import { type TerraformStack, Tokenization } from '../src/cdktf';
import { GoldenImage } from '../src/constructs/proxmox/golden-image';
import { PciMapping } from '../src/constructs/proxmox/pci-mapping';
import { ProxmoxVm } from '../src/constructs/proxmox/proxmox-vm';

const all = <T>(scope: Construct, type: abstract new (...args: never[]) => T): T[] => scope.node.findAll().filter((c): c is T & Construct => c instanceof type);

/** The stack of a `depends_on` entry (a token of cdktf's `dependable()`), when it names a construct. */
function stackOf(entry: string): TerraformStack | undefined {
  const token = Tokenization.reverseString(entry).firstToken as { dependable?: { cdktfStack?: TerraformStack } } | undefined;
  return token?.dependable?.cdktfStack;
}

/** Links every stack in `others` to what it uses of `base` (golden-image templates, PCI mappings). */
export function linkStacks(base: TerraformStack, others: readonly TerraformStack[]): void {
  const templates = new Map(all(base, GoldenImage).map((i) => [i.template.vm.vmId, i.template]));
  const mappings = new Map(all(base, PciMapping).map((m) => [m.resource.nameInput, m]));
  for (const stack of others) {
    for (const vm of all(stack, ProxmoxVm)) {
      const r = vm.resource;
      if (r.dependsOn?.length) {
        const local = r.dependsOn.filter((d) => (stackOf(d) ?? stack) === stack);
        r.dependsOn = local.length ? local : undefined;
      }
      const clone = r.cloneInput;
      const template = clone?.vmId !== undefined ? templates.get(clone.vmId) : undefined;
      if (clone && template) r.putClone({ ...clone, vmId: template.resource.vmId });
      const hostpci = r.hostpciInput;
      if (Array.isArray(hostpci) && hostpci.some((h) => h.mapping && mappings.has(h.mapping))) {
        r.putHostpci(hostpci.map((h) => (h.mapping && mappings.has(h.mapping) ? { ...h, mapping: mappings.get(h.mapping)!.resource.name } : h)));
      }
    }
  }
}
