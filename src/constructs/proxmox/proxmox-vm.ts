/** A Proxmox VM (bpg `proxmox_virtual_environment_vm`) with ordered NICs, disks and PCI passthrough. */
import { Construct } from 'constructs';
import type { ITerraformDependable } from '../../cdktf';
import { Problems } from '../../model/problems';
import { emitMigrate } from '../../proxmox/migration';
import { resolveVm } from '../../model/resolve-vm';
import type { Host, Vm } from '../../model/types';
import { VirtualEnvironmentVm } from '../../providers';
import type { VmSpecInput } from '../../schema/vm';
import { stableId } from '../stable-id';
import { renderDns, renderIpConfig } from './initialization';
import { renderNetworkDevices } from './network-device';

/** CD-ROM slot of an installer ISO (the Proxmox default for CD-ROMs). */
const ISO_INTERFACE = 'ide2';

export interface ProxmoxVmProps {
  /** The resolved VM (see `resolveVm` or `ProxmoxVm.fromSpec`): defaults, MACs and devices filled in. */
  readonly vm: Vm;
  /**
   * Image imported as disk 0 (a `proxmox_download_file` id, e.g. the Talos nocloud image).
   * @default - disk 0 is created empty
   */
  readonly bootImageFileId?: string;
  /**
   * Disk image imported into disk 0 (`import_from`: a `proxmox_download_file` of content type `import`).
   * @default - the VM's `os` import source, else none
   */
  readonly importImageFileId?: string;
  /**
   * Full clone of a template instead of an empty VM; disk 0 (same interface as the template's) is grown to its size.
   * `datastoreId` is the storage the clone is made on (bpg moves the disks to their own storage afterwards).
   * @default - the VM's `os` clone source, else no clone; datastoreId: disk 0's storage
   */
  readonly cloneFrom?: { readonly vmId: number; readonly nodeName: string; readonly datastoreId?: string };
  /** Mark the VM as a template (never started). @default false */
  readonly template?: boolean;
  /** cloud-init user-data snippet (`local:snippets/...`); replaces the user Proxmox generates. @default - Proxmox's */
  readonly userDataFileId?: string;
  /** cloud-init vendor-data snippet, merged with the user-data. @default - none */
  readonly vendorDataFileId?: string;
  /** Resources that must exist first (e.g. the template a clone copies). @default - none */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Attributes Terraform leaves alone after create (`lifecycle.ignore_changes`), e.g. `disk[0].file_id` for a
   * Talos boot image (upgrades go through talosctl) or `initialization[0].user_data_file_id` for first-boot-only
   * K3s user-data;
   * both would otherwise replace the VM.
   * @default - none
   */
  readonly ignoreChanges?: readonly string[];
  /**
   * Terraform name of the VM resource.
   * @default - the VM name
   */
  readonly resourceName?: string;
}

/**
 * NIC order is identity: `nics[i]` becomes `network_device[i]` (net<i> in the guest) and Talos selects the
 * same NIC by its MAC. Every `network_device` object carries all eleven keys, unused ones as null.
 */
export class ProxmoxVm extends Construct {
  /** Resolves a VM spec on `host` and creates it. Throws ProfileError on broken references. */
  static fromSpec(scope: Construct, id: string, host: Host, spec: Omit<VmSpecInput, 'host'>): ProxmoxVm {
    const problems = new Problems();
    const vm = resolveVm(id, id, { ...spec, host: host.key }, new Map([[host.key, host]]), problems);
    problems.throwIfAny();
    return new ProxmoxVm(scope, id, { vm: vm! });
  }

  readonly vm: Vm;
  readonly resource: VirtualEnvironmentVm;

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    const vm = (this.vm = props.vm);
    const ci = vm.cloudInit;
    const os = vm.os;
    const cloneFrom = props.cloneFrom ?? (os?.kind === 'clone' ? { vmId: os.templateVmId, nodeName: os.templateNode, datastoreId: os.storage } : undefined);
    const importImageFileId = props.importImageFileId ?? (os?.kind === 'import' ? os.fileId : undefined);
    this.resource = stableId(
      new VirtualEnvironmentVm(this, 'Resource', {
        dependsOn: props.dependsOn,
        lifecycle: props.ignoreChanges?.length ? { ignoreChanges: [...props.ignoreChanges] } : undefined,
        name: vm.name,
        template: props.template || undefined,
        clone: cloneFrom
          ? { vmId: cloneFrom.vmId, nodeName: cloneFrom.nodeName, full: true, datastoreId: cloneFrom.datastoreId ?? vm.disks[0]?.storage }
          : undefined,
        nodeName: vm.host.nodeName,
        // Only when the VM can move (shared storage, no host devices by address); else a host change replaces it.
        migrate: emitMigrate(vm),
        vmId: vm.vmId,
        description: vm.description,
        tags: vm.tags.length ? [...vm.tags] : undefined,
        started: vm.started,
        onBoot: vm.onBoot,
        machine: vm.machine,
        bios: vm.bios,
        scsiHardware: 'virtio-scsi-single',
        stopOnDestroy: true,
        operatingSystem: { type: 'l26' },
        agent: { enabled: vm.agent },
        // An installer ISO: disk 0 first (empty until the install, so the firmware falls through to the CD-ROM).
        cdrom: os?.kind === 'iso' ? { fileId: os.fileId, interface: ISO_INTERFACE } : undefined,
        bootOrder: os?.kind === 'iso' && vm.disks[0] ? [vm.disks[0].interface, ISO_INTERFACE] : undefined,
        cpu: { cores: vm.cores, sockets: vm.sockets, type: vm.cpuType },
        memory: { dedicated: vm.memoryMiB },
        efiDisk: vm.bios === 'ovmf' ? { datastoreId: vm.disks[0]?.storage, type: '4m', preEnrolledKeys: false } : undefined,
        tpmState: vm.tpm ? { datastoreId: vm.disks[0]?.storage, version: 'v2.0' } : undefined,
        disk: vm.disks.map((d) => ({
          interface: d.interface,
          datastoreId: d.storage,
          size: d.sizeGiB,
          fileFormat: 'raw',
          ssd: d.ssd || undefined,
          discard: d.discard ? 'on' : 'ignore',
          iothread: d.iothread,
          serial: d.serial,
          fileId: d.index === 0 ? props.bootImageFileId : undefined,
          importFromAttribute: d.index === 0 ? importImageFileId : undefined,
        })),
        hostpci: vm.pci.length === 0 ? undefined : vm.pci.map((p) => ({
          device: p.slot,
          id: p.mapping ? undefined : p.address,
          mapping: p.mapping,
          pcie: p.pcie,
          rombar: p.rombar,
          xvga: p.xvga || undefined,
        })),
        initialization: ci
          ? {
              datastoreId: ci.datastore,
              dns: renderDns(ci.dns, ci.domain),
              ipConfig: renderIpConfig(vm.nics),
              // A user-data snippet replaces what Proxmox generates from user_account, so it is left out then.
              userAccount: !props.userDataFileId && (ci.user || ci.sshKeys.length)
                ? { username: ci.user, keys: ci.sshKeys.length ? [...ci.sshKeys] : undefined }
                : undefined,
              userDataFileId: props.userDataFileId,
              vendorDataFileId: props.vendorDataFileId,
            }
          : undefined,
      }),
      props.resourceName ?? vm.name,
    );
    // network_device is a list(object) attribute: Terraform needs every key, so write it verbatim.
    this.resource.addOverride('network_device', renderNetworkDevices(vm.nics));
  }
}
