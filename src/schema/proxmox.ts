/** Profile section `proxmox`: provider settings, PCI resource mappings and the optional API-access bootstrap. */
import { z } from 'zod';
import { ACCESS_DEFAULTS, PROXMOX_DEFAULTS } from '../defaults';
import { pciAddress, pciId, url } from './primitives';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const mappingEntrySchema = z
  .object({
    host: z.string().meta(d('Host (key under `hosts`) that has the device.')),
    device: z.string().optional().meta(d('Name of the device under `hosts.<host>.pci` (gives address, id, IOMMU group, subsystem id).')),
    address: pciAddress.optional().meta(d('Raw PCI address, when the device is not described under the host (then `id` is needed).')),
    id: pciId.optional().meta(d('vendor:device, with `address`.')),
    iommuGroup: z.number().int().min(0).optional().meta(d('IOMMU group. Default: the device\'s.')),
    subsystemId: pciId.optional().meta(d('Subsystem vendor:device. Default: the device\'s.')),
    comment: z.string().optional(),
  })
  .strict()
  .refine((e) => (e.device !== undefined) !== (e.address !== undefined), { message: 'set exactly one of device or address' })
  .refine((e) => e.address === undefined || e.id !== undefined, { message: 'an address needs an id (vendor:device)', path: ['id'] });

export const pciMappingSchema = z
  .object({
    comment: z.string().optional(),
    kind: z
      .enum(['gpu', 'audio', 'nic', 'hba', 'usb', 'other'])
      .optional()
      .meta(d('What the device is; an NVIDIA (10de) `gpu` makes the VM that uses the mapping a GPU node. Default: the kind of the first device.')),
    map: z.array(mappingEntrySchema).min(1).meta(d('The device on each node (one entry per node).')),
  })
  .strict();

export const accessSchema = z
  .object({
    user: z
      .string()
      .regex(/^[^@\s!]+@[A-Za-z0-9_-]+$/, 'must be user@realm, e.g. terraform@pve')
      .meta(d('Proxmox user Terraform runs as.', { examples: ['terraform@pve'] })),
    token: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/).meta(d('API token name (the part after `!`).', { examples: ['homelab'] })),
    role: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'must be a Proxmox role id such as Homelab-lab')
      .optional()
      .meta(d('Id of the role homelab creates with exactly the privileges the lab needs (see `homelab inventory`), granted on each ACL path that needs it. Default: Homelab-<lab name>.')),
    roles: z
      .array(z.string())
      .min(1)
      .optional()
      .meta(d('Built-in or existing roles to grant on `path` instead of the computed role (one ACL entry each); `homelab validate` reports every privilege they lack. Default: the computed role.', { examples: [['PVEVMAdmin', 'PVEDatastoreUser']] })),
    path: z.string().regex(/^\//).optional().meta(d('ACL path of `roles`.', { default: ACCESS_DEFAULTS.path })),
    comment: z.string().optional(),
  })
  .strict();

export const proxmoxSchema = z
  .object({
    endpoint: url.optional().meta(d('Proxmox API URL used by Terraform. Default: the endpoint of the first host.')),
    insecure: z.boolean().optional().meta(d('Accept a self-signed API certificate.', { default: PROXMOX_DEFAULTS.insecure })),
    sshUser: z.string().optional().meta(d('SSH user the provider uses for uploads (snippets, images).', { default: PROXMOX_DEFAULTS.sshUser })),
    clusterName: z.string().optional().meta(d('Name of the Proxmox cluster, when the hosts form one.')),
    mappings: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a mapping id such as rtx4000ada'), pciMappingSchema)
      .optional()
      .meta(d('PCI resource mappings (`proxmox_hardware_mapping_pci`) by name; VMs use them with `pci: [{ mapping: <name> }]`. When this section exists, every mapping a VM uses must be declared here.')),
    terraformUser: z
      .string()
      .regex(/^[^@\s!]+@[A-Za-z0-9_-]+(![A-Za-z][A-Za-z0-9_.-]*)?$/, 'must be user@realm or user@realm!token, e.g. root@pam or terraform@pve!homelab')
      .optional()
      .meta(d('Who Terraform runs as: `user@realm` (password login) or `user@realm!token` (API token). `homelab validate` reports what this user may not do: root-only operations (allowed to `root@pam` alone, not to its API tokens) and missing privileges. Default: the access user\'s token when `access` is set, else root@pam.', { examples: ['root@pam', 'terraform@pve!homelab'] })),
    access: accessSchema
      .optional()
      .meta(d('Creates the Terraform user, its ACLs and an API token in a second stack `<lab>-access` (apply it once with admin credentials).')),
  })
  .strict();

export type PciMappingInput = z.infer<typeof pciMappingSchema>;
export type AccessInput = z.infer<typeof accessSchema>;
