/** The profile: the one typed model of a homelab. Only this folder sees raw input. */
import { z } from 'zod';
import { PROXMOX_DEFAULTS } from '../defaults';
import { talosClusterSchema } from './cluster';
import { hostSchema } from './host';
import { name, url } from './primitives';
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
    proxmox: z
      .object({
        endpoint: url.optional().meta(d('Proxmox API URL used by Terraform. Default: the endpoint of the first host.')),
        insecure: z.boolean().optional().meta(d('Accept a self-signed API certificate.', { default: PROXMOX_DEFAULTS.insecure })),
        sshUser: z.string().optional().meta(d('SSH user the provider uses for uploads (snippets, images).', { default: PROXMOX_DEFAULTS.sshUser })),
        clusterName: z.string().optional().meta(d('Name of the Proxmox cluster, when the hosts form one.')),
      })
      .strict()
      .optional()
      .meta(d('Proxmox provider settings; credentials come only from PROXMOX_VE_* environment variables.')),
    hosts: z.record(name, hostSchema).refine((h) => Object.keys(h).length > 0, 'at least one host is required')
      .meta(d('Proxmox nodes by name.')),
    vms: z.record(name, vmSchema).optional().meta(d('Stand-alone VMs by name (the VM name).')),
    clusters: z.record(name, talosClusterSchema).optional().meta(d('Kubernetes clusters by name.')),
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
