/** Profile section `hosts`: Proxmox nodes with their bridges, storage and PCI devices. */
import { z } from 'zod';
import { PROXMOX_DEFAULTS, VM_DEFAULTS } from '../defaults';
import { cidr, ipv4, name, pciAddress, pciId, positiveInt, url } from './primitives';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const vlanNetworkSchema = z
  .object({
    cidr: cidr.meta(d('IPv4 network of this VLAN.', { examples: ['10.20.11.0/24'] })),
    gateway: ipv4.optional().meta(d('Default gateway on this VLAN.')),
    dns: z.array(ipv4).optional().meta(d('DNS servers for guests on this VLAN. Default: the gateway')),
    domain: z.string().optional().meta(d('DNS search domain.')),
  })
  .strict();

export const bridgeSchema = z
  .object({
    cidr: cidr.optional().meta(d('IPv4 network of untagged traffic on the bridge.', { examples: ['10.10.0.0/24'] })),
    gateway: ipv4.optional().meta(d('Default gateway of that network; NIC 0 of a VM routes through it.')),
    dns: z.array(ipv4).optional().meta(d('DNS servers for guests. Default: the gateway')),
    domain: z.string().optional().meta(d('DNS search domain.')),
    mtu: positiveInt.max(65520).optional().meta(d('Bridge MTU in bytes.', { default: VM_DEFAULTS.mtu })),
    vlanAware: z.boolean().optional().meta(d('Whether the bridge is VLAN-aware (NICs may then carry a VLAN tag).', { default: false })),
    vlans: z
      .record(z.string().regex(/^\d{1,4}$/, 'must be a VLAN id 1-4094'), vlanNetworkSchema)
      .optional()
      .meta(d('Networks carried as tagged VLANs on this bridge, by VLAN id.')),
    comment: z.string().optional().meta(d('Free text, e.g. the purpose of the network.')),
  })
  .strict();

export const storageSchema = z
  .object({
    type: z
      .enum(['dir', 'lvm', 'lvmthin', 'zfspool', 'nfs', 'cifs', 'pbs', 'btrfs', 'cephfs', 'rbd'])
      .meta(d('Proxmox storage type.')),
    content: z
      .array(z.enum(['images', 'rootdir', 'iso', 'vztmpl', 'snippets', 'backup', 'import']))
      .min(1)
      .meta(d('Content types the storage accepts.')),
    shared: z.boolean().optional().meta(d('Shared storage visible to every node of the Proxmox cluster: declared on one host, it counts for all hosts (disks, images and templates may use it anywhere). Default: true for nfs, cifs, pbs, cephfs and rbd, else false.')),
    comment: z.string().optional(),
  })
  .strict();

export const pciDeviceSchema = z
  .object({
    address: pciAddress.meta(d('PCI address; without a function (`0000:0d:00`) all functions are passed.', { examples: ['0000:0d:00'] })),
    id: pciId.meta(d('vendor:device as `lspci -nn` prints it.', { examples: ['10de:1bb1'] })),
    kind: z
      .enum(['gpu', 'audio', 'nic', 'hba', 'usb', 'other'])
      .optional()
      .meta(d('What the device is; an NVIDIA (10de) `gpu` adds the NVIDIA extensions to a Talos node.', { default: 'other' })),
    iommuGroup: z.number().int().min(0).optional().meta(d('IOMMU group, as in /sys/kernel/iommu_groups.')),
    subsystemId: pciId.optional().meta(d('Subsystem vendor:device (used by hardware mappings).')),
    passthrough: z.boolean().optional().meta(d('false for devices that stay with the host (e.g. the console iGPU).', { default: true })),
    comment: z.string().optional(),
  })
  .strict();

export const hostSchema = z
  .object({
    address: ipv4.meta(d('Management address of the node.', { examples: ['10.10.0.10'] })),
    endpoint: url.optional().meta(d(`Proxmox API URL. Default: https://<address>:${PROXMOX_DEFAULTS.apiPort}/`)),
    nodeName: name.optional().meta(d('Proxmox node name. Default: the key under `hosts`')),
    sshPort: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .meta(d('SSH port of the node, used by `homelab doctor` (SSH user: `proxmox.sshUser`).', { default: PROXMOX_DEFAULTS.sshPort })),
    cpuThreads: positiveInt.meta(d('Hardware threads of the host.')),
    memoryMiB: positiveInt.meta(d('Installed RAM in MiB.')),
    budget: z
      .object({
        cpuThreads: positiveInt.optional().meta(d('Upper bound of the sum of vCPUs of all VMs on the host.')),
        memoryMiB: positiveInt.optional().meta(d('Upper bound of the sum of VM memory on the host.')),
      })
      .strict()
      .optional()
      .meta(d('Allocation budget; `homelab validate` refuses placements above it.')),
    storage: z.record(name, storageSchema).meta(d('Storage pools by Proxmox storage id.')),
    bridges: z.record(z.string().regex(/^[a-z][a-z0-9_.-]{0,14}$/, 'must be a Linux interface name such as vmbr0'), bridgeSchema)
      .meta(d('Linux bridges by name.')),
    pci: z.record(name, pciDeviceSchema).optional().meta(d('PCI devices by a name of your choice.')),
    comment: z.string().optional(),
  })
  .strict();

export type HostInput = z.infer<typeof hostSchema>;
export type BridgeInput = z.infer<typeof bridgeSchema>;
export type PciDeviceInput = z.infer<typeof pciDeviceSchema>;
