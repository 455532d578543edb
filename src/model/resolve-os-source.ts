/**
 * The OS source of a stand-alone VM (`vms.<name>.clone | iso | import`) and the defaults that follow from
 * it: a clone takes the golden image's login user, keys, firmware and guest agent; an ISO install or an
 * imported cloud image brings no guest agent, so `agent` defaults to off (bpg otherwise waits for the agent
 * until its 15-minute timeout on create).
 */
import type { VmInput } from '../schema/vm';
import type { GoldenImage } from './infra-types';
import { clonesThenMigrates, cloneStorageOf } from './clone-storage';
import type { Problems } from './problems';
import { checkStorage } from './resolve-proxmox';
import type { OsSource, Vm } from './types';

const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

function source(vm: Vm, spec: VmInput, images: ReadonlyMap<string, GoldenImage>, problems: Problems): { os?: OsSource; image?: GoldenImage } {
  if (spec.clone !== undefined) {
    const image = images.get(spec.clone);
    if (!image) {
      problems.add(`${vm.path}.clone`, `golden image "${spec.clone}" is not defined`, `use one of ${list(images.keys())} or add it under images`);
      return {};
    }
    const templateDisk = image.template.disks[0];
    if (templateDisk && vm.disks[0] && vm.disks[0].sizeGiB < templateDisk.sizeGiB) {
      problems.add(`${vm.path}.disks[0].sizeGiB`, `disk 0 (${vm.disks[0].sizeGiB} GiB) is smaller than the disk of template "${image.name}" (${templateDisk.sizeGiB} GiB); a clone cannot shrink it`,
        `set sizeGiB to ${templateDisk.sizeGiB} or more`);
    }
    // Another node: onto the template's shared storage, or (local template) cloned there and migrated (clone-storage.ts).
    const crossNode = image.template.host.key !== vm.host.key;
    const storage = cloneStorageOf(image, crossNode, vm.disks[0]?.storage ?? templateDisk!.storage);
    const migrates = clonesThenMigrates(image, crossNode);
    return { image, os: { kind: 'clone', image: image.name, templateVmId: image.template.vmId, templateNode: image.template.host.nodeName, storage, migrates } };
  }
  if (spec.iso !== undefined) {
    checkStorage(`${vm.path}.iso`, vm.host, spec.iso.split(':')[0]!, 'iso', problems);
    return { os: { kind: 'iso', fileId: spec.iso } };
  }
  if (spec.import !== undefined) {
    checkStorage(`${vm.path}.import`, vm.host, spec.import.split(':')[0]!, 'import', problems);
    return { os: { kind: 'import', fileId: spec.import } };
  }
  return {};
}

/** The stand-alone VM with its OS source and the defaults that depend on it. */
export function withOsSource(vm: Vm, spec: VmInput, images: ReadonlyMap<string, GoldenImage>, problems: Problems): Vm {
  const { os, image } = source(vm, spec, images, problems);
  if (!image) return { ...vm, os, agent: spec.agent ?? false };
  const ci = spec.cloudInit;
  const imageCi = image.template.cloudInit;
  return {
    ...vm,
    os,
    agent: spec.agent ?? image.guestAgent,
    // A UEFI image only boots with OVMF (and its EFI disk) on q35; the clone keeps the image's firmware.
    bios: spec.bios ?? (image.uefi ? 'ovmf' : vm.bios),
    machine: spec.machine ?? (image.uefi ? 'q35' : vm.machine),
    cloudInit: {
      user: ci?.user ?? image.user,
      sshKeys: ci?.sshKeys ?? imageCi?.sshKeys ?? [],
      dns: vm.cloudInit?.dns ?? vm.nics[0]?.network?.dns ?? [],
      domain: vm.cloudInit?.domain ?? vm.nics[0]?.network?.domain,
      datastore: ci?.datastore ?? vm.disks[0]?.storage ?? image.template.disks[0]!.storage,
    },
  };
}
