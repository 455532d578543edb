/**
 * Each passthrough PCI device of the profile: present at its address with the expected vendor:device
 * (`lspci -nnD`), bound to vfio-pci (`lspci -nnk`), in the IOMMU group the profile states, and not passed
 * to a VM other than the profile's owner (`hostpciN:` lines of /etc/pve/qemu-server/*.conf).
 */
import { vendorOfId } from '../../model/gpu';
import { allVms } from '../../model/resolve';
import type { PciDevice } from '../../model/types';
import { pciOverlaps, type HostPciAssignment, type PciFunction } from '../../ssh/host-facts';
import { fail, pass, profilePath, warn, type CheckArea, type CheckContext, type CheckOutcome } from '../check';

export const pciChecks: CheckArea = {
  name: 'pci',
  async run(ctx) {
    const devices = [...ctx.host.pci.values()].filter((d) => d.passthrough);
    if (devices.length === 0) return [];
    const [functions, groups, assignments] = await Promise.all([
      ctx.facts.pciFunctions(), ctx.facts.iommuGroups(), ctx.facts.hostPciAssignments(),
    ]);
    const out: CheckOutcome[] = [];
    for (const device of devices) out.push(...(await checkDevice(ctx, device, functions, groups, assignments)));
    return out;
  },
};

async function checkDevice(
  ctx: CheckContext, d: PciDevice, all: PciFunction[], groups: Map<string, number>, assignments: HostPciAssignment[],
): Promise<CheckOutcome[]> {
  const check = `pci ${d.name}`;
  const at = (field: string) => profilePath(ctx.host, 'pci', d.name, field);
  const fns = all.filter((f) => pciOverlaps(f.address, d.address));
  if (fns.length === 0) {
    return [fail(check, `no PCI device at ${d.address} (lspci -nnD)`, `find the device with lspci -nnD on ${ctx.host.nodeName} and correct ${at('address')}`)];
  }
  const problems: CheckOutcome[] = [];
  const main = fns.find((f) => f.id === d.id);
  if (!main) {
    problems.push(fail(check, `${fns.map((f) => `${f.address} is ${f.id} (${f.description})`).join(', ')}; the profile says ${d.id}`,
      `correct ${at('id')} or ${at('address')}`));
  }
  const drivers = await ctx.facts.pciDrivers(d.address);
  const ids = [...new Set(fns.map((f) => f.id))].join(',');
  for (const f of fns) {
    const driver = drivers.get(f.address);
    if (driver === 'vfio-pci') continue;
    const bind = `bind it to vfio-pci at boot: echo "options vfio-pci ids=${ids}" > /etc/modprobe.d/vfio.conf` +
      `${keepDriversOff(d, driver)}, add vfio, vfio_iommu_type1 and vfio_pci to /etc/modules, update-initramfs -u -k all, reboot`;
    problems.push(driver
      ? fail(check, `${f.address} (${f.id}) is bound to ${driver}, not vfio-pci`, bind)
      : warn(check, `${f.address} (${f.id}) has no driver; Proxmox binds vfio-pci only when the VM starts`, bind));
  }
  const group = groups.get((main ?? fns[0]!).address);
  if (d.iommuGroup !== undefined && group !== d.iommuGroup) {
    problems.push(group === undefined
      ? fail(check, `${d.address} is in no IOMMU group, the profile says group ${d.iommuGroup}`, 'turn the IOMMU on (see the iommu check)')
      : fail(check, `${d.address} is in IOMMU group ${group}, the profile says ${d.iommuGroup}`, `set ${at('iommuGroup')}: ${group} (groups change with firmware, kernel and slot changes)`));
  }
  problems.push(...otherUsers(ctx, d, check, assignments));
  if (problems.length > 0) return problems;
  const owners = ownerVmIds(ctx, d);
  return [pass(check, `${fns.map((f) => `${f.address} ${f.id}`).join(', ')}; vfio-pci${group === undefined ? '' : `; IOMMU group ${group}`}` +
    `${owners.size > 0 ? `; passed to VM ${[...owners].join(', ')} only` : '; no VM uses it'}`)];
}

/**
 * How to keep host drivers off the device: the bound driver and, for a GPU of a known vendor, the vendor's host
 * drivers (src/model/gpu.ts). Intel and AMD use softdep so an iGPU of the same vendor keeps its host driver.
 */
export function keepDriversOff(d: Pick<PciDevice, 'kind' | 'id'>, bound: string | undefined): string {
  const vendor = d.kind === 'gpu' ? vendorOfId(d.id) : undefined;
  const drivers = [...new Set([...(bound ? [bound] : []), ...(vendor?.hostDrivers ?? [])])];
  if (drivers.length === 0) return '';
  if (vendor?.hostDriverFix === 'softdep') {
    return `, ${drivers.map((x) => `echo "softdep ${x} pre: vfio-pci" >> /etc/modprobe.d/vfio.conf`).join(', ')}`;
  }
  return `, ${drivers.map((x) => `echo "blacklist ${x}" >> /etc/modprobe.d/blacklist.conf`).join(', ')}`;
}

/** Names of the profile's resource mappings that point at the device on this host. */
function mappingsOf(ctx: CheckContext, d: PciDevice): Set<string> {
  const maps = [...ctx.lab.proxmox.mappings.values()];
  return new Set(maps.filter((m) => m.map.some((e) => e.host.key === ctx.host.key && pciOverlaps(e.path, d.address))).map((m) => m.name));
}

/** VMIDs of the profile's VMs on this host that pass the device through (by name, address or mapping). */
function ownerVmIds(ctx: CheckContext, d: PciDevice): Set<number> {
  const mappings = mappingsOf(ctx, d);
  const owns = (p: { device?: PciDevice; address?: string; mapping?: string }) =>
    p.device?.name === d.name || (p.address !== undefined && pciOverlaps(p.address, d.address)) || (p.mapping !== undefined && mappings.has(p.mapping));
  return new Set(allVms(ctx.lab).filter((vm) => vm.host.key === ctx.host.key && vm.pci.some(owns)).map((vm) => vm.vmId));
}

function otherUsers(ctx: CheckContext, d: PciDevice, check: string, assignments: HostPciAssignment[]): CheckOutcome[] {
  const owners = ownerVmIds(ctx, d);
  const mappings = mappingsOf(ctx, d);
  const uses = (a: HostPciAssignment) => (a.address !== undefined && pciOverlaps(a.address, d.address)) || (a.mapping !== undefined && mappings.has(a.mapping));
  return assignments
    .filter((a) => uses(a) && !owners.has(a.vmid))
    .map((a) => {
      const slot = a.mapping !== undefined ? `${a.slot}, mapping ${a.mapping}` : a.slot;
      const message = `VM ${a.vmid} also passes ${a.address ?? d.address} through (${slot}); a device belongs to one VM at a time`;
      const fix = `remove it from VM ${a.vmid} (qm set ${a.vmid} --delete ${a.slot})${owners.size > 0 ? ` so VM ${[...owners].join(', ')} can own it` : ''}`;
      return owners.size > 0 ? fail(check, message, fix) : warn(check, message, fix);
    });
}
