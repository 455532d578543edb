/** The profile: the one typed model of a homelab. Only this folder sees raw input. */
import { z } from 'zod';
import { talosClusterSchema } from './cluster';
import { containerSchema } from './container';
import { hostSchema } from './host';
import { imageSchema } from './image';
import { k3sClusterSchema } from './k3s';
import { name } from './primitives';
import { proxmoxSchema } from './proxmox';
import { stateSchema } from './state';
import { vmSchema } from './vm';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const profileSchema = z
  .object({
    name: name.meta(d('Name of the lab; names the Terraform stack (cdktf.out/stacks/<name>).', { examples: ['triple-nic-mayastor'] })),
    description: z.string().optional(),
    include: z
      .array(z.string())
      .optional()
      .meta(d('Further YAML files or directories (every *.yaml in it, by name), relative to this file, merged into the profile in order.', { examples: [['apps/']] })),
    proxmox: proxmoxSchema
      .optional()
      .meta(d('Proxmox provider settings; credentials come only from PROXMOX_VE_* environment variables.')),
    state: stateSchema
      .optional()
      .meta(d('Terraform backend of every stack (`local`, `s3`, `pg`, `http`). Default: local state files beside the profile.')),
    stacks: z
      .enum(['single', 'per-cluster', 'per-host'])
      .optional()
      .meta(d('How the Terraform is split into stacks, each with its own state: `single` (one stack `<name>`), `per-cluster` (a base stack `<name>` with providers, PCI mappings, golden images, stand-alone VMs and containers, plus `<name>-<cluster>` per cluster), `per-host` (base `<name>` with PCI mappings and golden images, `<name>-<host>` per Proxmox host with its stand-alone VMs and containers, `<name>-<cluster>` per cluster). See README "Splitting into stacks".', { default: 'single' })),
    hosts: z.record(name, hostSchema).refine((h) => Object.keys(h).length > 0, 'at least one host is required')
      .meta(d('Proxmox nodes by name.')),
    vms: z.record(name, vmSchema).optional().meta(d('Stand-alone VMs by name (the VM name).')),
    clusters: z
      .record(name, z.discriminatedUnion('type', [talosClusterSchema, k3sClusterSchema]))
      .optional()
      .meta(d('Kubernetes clusters by name: Talos (default) or K3s (`type: k3s`).')),
    containers: z.record(name, containerSchema).optional().meta(d('LXC containers by name (the hostname).')),
    images: z.record(name, imageSchema).optional().meta(d('Golden images by name: a cloud image downloaded to Proxmox and a template VM built from it.')),
    acknowledge: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, 'must be a rule id such as HL-HW-007')
              .meta(d('Id of the `homelab validate` warning to silence.', { examples: ['HL-HW-007'] })),
            reason: z.string().min(1).meta(d('Why the warning does not apply to this lab.')),
          })
          .strict(),
      )
      .optional()
      .meta(d('Warnings of `homelab validate` that this lab accepts, by rule id, each with a reason. Errors cannot be acknowledged.')),
  })
  .strict();

export type ProfileInput = z.infer<typeof profileSchema>;
