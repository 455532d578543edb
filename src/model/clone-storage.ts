/**
 * Where a full clone of a golden image's template is made. bpg v0.111.1 (proxmoxtf/resource/vm/vm.go,
 * vmCreateClone) clones straight to another node when every disk of the template is on shared storage, sending
 * `target` and `storage`; qemu-server (src/PVE/API2/Qemu.pm, clone_vm) then dies with "can't clone to non-shared
 * storage" unless that storage is shared. Afterwards bpg moves each disk to its own datastore_id (disk/disk.go
 * UpdateClone, MoveVMDisk). So a cross-node clone goes onto the template's (shared) storage; on the template's
 * host it goes to the VM's disk storage. A template on local storage takes bpg's clone-then-migrate path, where
 * the storage is the migration target.
 */
import type { GoldenImage } from './infra-types';

export function cloneStorageOf(image: GoldenImage, crossNode: boolean, diskStorage: string, input?: string): string {
  if (input !== undefined) return input;
  if (!crossNode) return diskStorage;
  const templateStorage = image.template.disks[0]!.storage;
  return image.template.host.storage.get(templateStorage)?.shared ? templateStorage : diskStorage;
}

/**
 * A clone to another node from a template with a disk on local storage: bpg clones on the template's node and then
 * migrates the new VM with its local disks to the target (v0.111.1 vm.go vmCreateClone, "clone to the source node
 * and then migrate"), which takes VM.Migrate on the new VM.
 */
export function clonesThenMigrates(image: GoldenImage, crossNode: boolean): boolean {
  return crossNode && !image.template.disks.every((d) => image.template.host.storage.get(d.storage)?.shared === true);
}
