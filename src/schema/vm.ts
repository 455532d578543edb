/** Profile section for virtual machines: `vms.<name>` and every Talos node. */
import { z } from 'zod';
import { VM_DEFAULTS } from '../defaults';
import { hostAddress, ipv4, mac, name, pciAddress, positiveInt, vmId } from './primitives';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const nicSchema = z
  .object({
    bridge: z.string().meta(d('Proxmox bridge of the host, e.g. `vmbr0`.')),
    vlan: z.number().int().min(1).max(4094).optional().meta(d('802.1Q tag; the bridge must be VLAN-aware. Default: untagged.')),
    mtu: positiveInt.max(65520).optional().meta(d('MTU in bytes. Default: the bridge MTU, else 1500.')),
    address: z
      .union([hostAddress, z.literal('dhcp')])
      .optional()
      .meta(d('Static IPv4 address (prefix taken from the network when left out) or `dhcp`. Default: no address.', { examples: ['10.10.0.41'] })),
    gateway: z
      .union([ipv4, z.literal(false)])
      .optional()
      .meta(d('Default route via this gateway; `false` for none. Default: the network gateway on NIC 0, none on others.')),
    mac: mac.optional().meta(d('MAC address. Default: derived from the VMID and the NIC index (02:xx:xx:xx:xx:<index>).')),
    name: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,14}$/)
      .optional()
      .meta(d('Talos link alias of this NIC. Default: net<index> (net0, net1, ...).')),
    model: z.enum(['virtio', 'e1000', 'e1000e', 'rtl8139', 'vmxnet3']).optional().meta(d('NIC model.', { default: VM_DEFAULTS.nicModel })),
    firewall: z.boolean().optional().meta(d('Proxmox firewall on this NIC.', { default: false })),
  })
  .strict();

export const diskSchema = z
  .object({
    storage: z.string().meta(d('Proxmox storage id of the disk, e.g. `local-lvm`.')),
    sizeGiB: positiveInt.meta(d('Disk size in GiB.')),
    interface: z
      .string()
      .regex(/^(virtio|scsi|sata|ide)\d{1,2}$/, 'must be like virtio0, scsi1, sata0')
      .optional()
      .meta(d('Bus and slot. Default: virtio<index>.')),
    purpose: z
      .enum(['os', 'data', 'mayastor', 'longhorn'])
      .optional()
      .meta(d('What the disk is for; disk 0 is the OS disk. Default: os for disk 0, data otherwise.')),
    ssd: z.boolean().optional().meta(d('Present the disk as SSD.', { default: false })),
    discard: z.boolean().optional().meta(d('Pass discard/TRIM through.', { default: true })),
    iothread: z.boolean().optional().meta(d('Dedicated IO thread.', { default: true })),
    serial: z.string().regex(/^[A-Za-z0-9_-]{1,20}$/).optional().meta(d('Disk serial; gives a stable /dev/disk/by-id path. Default: <purpose><index>.')),
  })
  .strict();

export const passthroughSchema = z
  .object({
    device: name.optional().meta(d('Name of a PCI device under `hosts.<host>.pci` (raw address; needs root@pam).')),
    mapping: z.string().optional().meta(d('Proxmox PCI resource mapping name (works with API tokens).')),
    address: pciAddress.optional().meta(d('Raw PCI address when the device is not described under the host.')),
    pcie: z.boolean().optional().meta(d('Pass as PCIe (needs machine q35).', { default: true })),
    rombar: z.boolean().optional().meta(d('Expose the device ROM BAR.', { default: true })),
    xvga: z.boolean().optional().meta(d('Primary GPU of the guest.', { default: false })),
    kind: z.enum(['gpu', 'audio', 'nic', 'hba', 'usb', 'other']).optional().meta(d('What the device is when given by mapping or address. Default: the host device kind.')),
  })
  .strict()
  .refine((p) => [p.device, p.mapping, p.address].filter((x) => x !== undefined).length === 1, {
    message: 'set exactly one of device, mapping or address',
  });

export const cloudInitSchema = z
  .object({
    user: z.string().optional().meta(d('Default user created by cloud-init.')),
    sshKeys: z.array(z.string()).optional().meta(d('SSH public keys of that user.')),
    dns: z.array(ipv4).optional().meta(d('DNS servers. Default: the network DNS of NIC 0.')),
    domain: z.string().optional().meta(d('Search domain. Default: the network domain of NIC 0.')),
    datastore: z.string().optional().meta(d('Storage of the cloud-init drive. Default: the storage of disk 0.')),
  })
  .strict();

export const vmShape = {
  vmId: vmId.meta(d('Proxmox VMID; changing it replaces the VM.', { examples: [450] })),
  host: z.string().meta(d('Key of the host (under `hosts`) that runs the VM.')),
  description: z.string().optional(),
  tags: z.array(z.string()).optional().meta(d('Proxmox tags.')),
  cores: positiveInt.max(512).optional().meta(d('vCPU cores.', { default: VM_DEFAULTS.cores })),
  sockets: positiveInt.max(8).optional().meta(d('CPU sockets.', { default: VM_DEFAULTS.sockets })),
  cpuType: z.string().optional().meta(d('QEMU CPU type; use `host` for GPU passthrough.', { default: VM_DEFAULTS.cpuType })),
  memoryMiB: positiveInt.optional().meta(d('Memory in MiB.', { default: VM_DEFAULTS.memoryMiB })),
  machine: z.enum(['q35', 'pc']).optional().meta(d('QEMU machine type.', { default: VM_DEFAULTS.machine })),
  bios: z.enum(['seabios', 'ovmf']).optional().meta(d('Firmware; `ovmf` adds an EFI disk.', { default: VM_DEFAULTS.bios })),
  nics: z.array(nicSchema).min(1).max(32).meta(d('Ordered NICs: index 0 is eth0 in Proxmox and net0 in Talos and carries the default route.')),
  disks: z.array(diskSchema).min(1).max(30).optional().meta(d('Disks; disk 0 is the boot disk.')),
  pci: z.array(passthroughSchema).max(16).optional().meta(d('PCI passthrough, in hostpci order.')),
  cloudInit: cloudInitSchema.optional().meta(d('cloud-init settings (user, keys, DNS).')),
  started: z.boolean().optional().meta(d('Start the VM after creation.', { default: VM_DEFAULTS.started })),
  onBoot: z.boolean().optional().meta(d('Start the VM when the host boots.', { default: VM_DEFAULTS.onBoot })),
  agent: z.boolean().optional().meta(d('QEMU guest agent.', { default: VM_DEFAULTS.agent })),
  tpm: z.boolean().optional().meta(d('Add a TPM 2.0 state disk (needed for TPM-anchored disk encryption).', { default: false })),
  migrate: z.boolean().optional().meta(d('Move the VM to its new host in place (live when it runs) when `host` changes, instead of destroying and re-creating it. Needs the disks on storage both hosts reach.', { default: false })),
};

/** Volume ids of the OS sources of stand-alone VMs. */
const isoFileId = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*:iso\/[^/\s]+\.iso$/, 'must be an ISO volume id such as local:iso/TrueNAS-SCALE-25.04.2.iso');
const importFileId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*:import\/[^/\s]+\.(qcow2|raw|img|vmdk)$/, 'must be an import volume id such as local:import/noble-server-cloudimg-amd64.qcow2');

/** Where a stand-alone VM's operating system comes from (exactly one). */
export const osSourceShape = {
  clone: z.string().optional().meta(d('Name of a golden image (under `images`): the VM is a full clone of its template, with cloud-init for the image\'s user and keys and the guest agent when the image installs it.', { examples: ['ubuntu-2404'] })),
  iso: isoFileId.optional().meta(d('Installer ISO (volume id on a storage with content `iso`) in a CD-ROM drive; disk 0 stays empty for the installer, the VM boots from disk 0 first, then the CD-ROM. The guest agent is off unless `agent` says otherwise.', { examples: ['local:iso/TrueNAS-SCALE-25.04.2.iso'] })),
  import: importFileId.optional().meta(d('Cloud image (volume id on a storage with content `import`) imported into disk 0 and grown to its size. The guest agent is off unless `agent` says otherwise (most cloud images do not ship it).', { examples: ['local:import/noble-server-cloudimg-amd64.qcow2'] })),
};

export const vmSchema = z
  .object({
    ...vmShape,
    ...osSourceShape,
    disks: z.array(diskSchema).min(1).max(30).meta(d('Disks; disk 0 is the boot disk.')),
  })
  .strict()
  .refine((v) => [v.clone, v.iso, v.import].filter((x) => x !== undefined).length <= 1, {
    message: 'set one of clone, iso or import',
  });

/** Common VM fields without the required-disk rule of stand-alone VMs. */
export const vmSpecSchema = z.object(vmShape);
export type VmSpecInput = z.infer<typeof vmSpecSchema>;
export type NicInput = z.infer<typeof nicSchema>;
export type DiskInput = z.infer<typeof diskSchema>;
export type PassthroughInput = z.infer<typeof passthroughSchema>;
export type VmInput = z.infer<typeof vmSchema>;
export { name as nameSchema };
