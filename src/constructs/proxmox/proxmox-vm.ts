/** A Proxmox VM (bpg `proxmox_virtual_environment_vm`) with ordered NICs, disks and PCI passthrough. */
import { Construct } from 'constructs';
import type { z } from 'zod';
import type { ITerraformDependable } from '../../cdktf';
import { emitMigrate } from '../../proxmox/migration';
import { withOsSource } from '../../model/resolve-os-source';
import { resolveVm } from '../../model/resolve-vm';
import type { Vm } from '../../model/types';
import { VirtualEnvironmentVm } from '../../providers';
import { vmSchema } from '../../schema/vm';
import { isEntity, resolvedOf, type WithHostRef } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { LabRegistry } from '../lab/registry';
import { stableId } from '../stable-id';
import { renderDns, renderIpConfig } from './initialization';
import { renderNetworkDevices } from './network-device';

/** CD-ROM slot of an installer ISO (the Proxmox default for CD-ROMs). */
const ISO_INTERFACE = 'ide2';

/** How the VM is built besides its spec (used by clusters and images; rarely needed in a lab of your own). */
export interface ProxmoxVmOptions {
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
 * The fields of a profile's `vms.<name>` entry (docs/profile.md, section vms), validated with the same schema:
 * `vmId`, `host`, `nics` and `disks` are required; each optional field's default is the one documented there
 * (`cores` @default 2, `memoryMiB` @default 2048, `cpuType` @default 'x86-64-v2-AES', `pci` @default - none, ...).
 * `host` is a host name or a `Host`; `clone` names a `GoldenImage` of the lab.
 */
export type ProxmoxVmProps = WithHostRef<z.input<typeof vmSchema>> & ProxmoxVmOptions & {
  /**
   * Name of the VM (Proxmox name and Terraform name `proxmox_virtual_environment_vm.<name>`).
   * @default - the construct id
   */
  readonly name?: string;
};

/**
 * NIC order is identity: `nics[i]` becomes `network_device[i]` (net<i> in the guest) and Talos selects the
 * same NIC by its MAC. Every `network_device` object carries all eleven keys, unused ones as null.
 */
export class ProxmoxVm extends Construct {
  /** The stand-alone VM named `name` in the lab that contains `scope`; a ProfileError lists the known names when missing. */
  static fromName(scope: Construct, name: string): ProxmoxVm {
    return LabRegistry.of(scope, 'ProxmoxVm.fromName').find('vm', name) as ProxmoxVm;
  }

  /** The resolved VM: defaults, MACs and devices filled in. */
  readonly vm: Vm;
  /** The bpg `proxmox_virtual_environment_vm` resource, for `addOverride` and references. */
  readonly resource: VirtualEnvironmentVm;

  constructor(scope: Construct, id: string, props: ProxmoxVmProps) {
    super(scope, id);
    const given = resolvedOf<Vm>(props);
    const vm = (this.vm = given ?? this.resolve(props));
    if (!given || isEntity(props)) LabRegistry.of(this, `ProxmoxVm ${id}`).register('vm', vm.name, this, vm);
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

  /** Validates the props like `vms.<name>` and resolves them against the lab's hosts, mappings and images. */
  private resolve(props: ProxmoxVmProps): Vm {
    const registry = LabRegistry.of(this, `ProxmoxVm ${this.node.id}`);
    const { bootImageFileId: _b, importImageFileId: _i, cloneFrom: _c, template: _t, userDataFileId: _u,
      vendorDataFileId: _v, dependsOn: _d, ignoreChanges: _g, resourceName: _r, ...fields } = props;
    return resolveEntity(this, registry, fields, {
      schema: vmSchema,
      section: 'vms',
      resolve: (name, input, problems) => {
        const vm = resolveVm(`vms.${name}`, name, input, registry.hosts(), problems, registry.declaredMappings());
        return vm && withOsSource(vm, input, registry.images(), problems);
      },
    });
  }
}
