/**
 * Whether `migrate: true` can move a VM to another node in place. bpg migrates a VM whose `node_name` changes
 * when `migrate` is true (proxmoxtf/resource/vm/vm.go: ForceNewIf node_name unless migrate; migrateNonHAVM),
 * online and with local disks copied to the same storage id on the target. homelab only relies on that for
 * VMs whose disks live on shared storage and that pass no host device by address (Proxmox refuses to migrate
 * a VM with local PCI devices, and to live-migrate one with mapped devices: qemu-server `src/PVE/QemuMigrate.pm`
 * prepare, commit e6352be); for the others `migrate` is not emitted, so a host change stays a replacement, and validate says why.
 */
import type { Vm } from '../model/types';

/** Why the VM cannot move in place (empty: it can). */
export function migrationBlockers(vm: Vm): string[] {
  const out: string[] = [];
  const local = (id: string) => vm.host.storage.get(id)?.shared !== true;
  vm.disks.forEach((d, i) => {
    if (local(d.storage)) out.push(`disk ${i} is on storage "${d.storage}", which is local to ${vm.host.key}`);
  });
  if (vm.cloudInit && local(vm.cloudInit.datastore) && !vm.disks.some((d) => d.storage === vm.cloudInit!.datastore)) {
    out.push(`the cloud-init drive is on storage "${vm.cloudInit.datastore}", which is local to ${vm.host.key}`);
  }
  vm.pci.forEach((p, i) => {
    if (p.mapping === undefined) out.push(`pci[${i}] passes host device ${p.address} by address`);
    // bpg migrates online; QemuMigrate.pm refuses to live-migrate a running VM with a mapped device that is not
    // marked for live migration ("can't live migrate running VM which uses following mapped devices").
    else if (vm.started) out.push(`pci[${i}] passes mapping ${p.mapping} to a running VM, which Proxmox does not live-migrate`);
  });
  return out;
}

/** The `migrate` attribute to emit: true only when asked for and possible. */
export const emitMigrate = (vm: Vm): true | undefined => (vm.migrate && migrationBlockers(vm).length === 0 ? true : undefined);
