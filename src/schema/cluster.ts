/** Profile section `clusters.<name>`: Talos Kubernetes clusters built from Proxmox VMs. */
import { z } from 'zod';
import { TALOS_DEFAULTS } from '../defaults';
import { cidr, ipv4, name, url, version } from './primitives';
import { gitopsFields } from './gitops';
import { vmShape } from './vm';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

/** A Talos patch: a machine-config fragment or a network document, as YAML maps. */
const patch = z.record(z.string(), z.unknown()).meta(d('A Talos config patch (one YAML document as a map).'));

export const talosNodeSchema = z
  .object({
    name: name.meta(d('Node and VM name (the Talos hostname); part of Terraform addresses.', { examples: ['worker-1'] })),
    ...vmShape,
    disks: vmShape.disks.unwrap().meta(d('Disks; disk 0 is the Talos install disk.')),
    labels: z.record(z.string(), z.string()).optional().meta(d('Kubernetes node labels.')),
    patches: z.array(patch).optional().meta(d('Extra Talos patches for this node only.')),
  })
  .strict();

export const talosClusterSchema = z
  .object({
    type: z.literal('talos').optional().meta(d('Cluster distribution.', { default: 'talos' })),
    talosVersion: version.optional().meta(d('Talos version of the image and the machine config.', { default: TALOS_DEFAULTS.talosVersion })),
    kubernetesVersion: version.optional().meta(d('Kubernetes version.', { default: TALOS_DEFAULTS.kubernetesVersion })),
    vip: ipv4.optional().meta(d('Layer-2 virtual IP shared by the control planes on their NIC 0.')),
    endpoint: z.string().optional().meta(d('Host of the Kubernetes API endpoint. Default: the VIP, else the address of the first control plane.')),
    controlPlanes: z.array(talosNodeSchema).min(1).meta(d('Control-plane nodes.')),
    workers: z.array(talosNodeSchema).optional().meta(d('Worker nodes. Default: none.')),
    extensions: z.array(z.string()).optional().meta(d('Extra image-factory system extensions for every node (qemu-guest-agent is always added; GPU nodes get the NVIDIA ones).', { examples: [['siderolabs/iscsi-tools']] })),
    cni: z.enum(['flannel', 'none']).optional().meta(d('CNI installed by Talos; `none` when Cilium or another CNI comes through GitOps.', { default: TALOS_DEFAULTS.cni })),
    kubeProxy: z.boolean().optional().meta(d('Run kube-proxy (false when Cilium replaces it).', { default: TALOS_DEFAULTS.kubeProxy })),
    kubePrismPort: z.number().int().min(1).max(65535).optional().meta(d('KubePrism port (in-cluster API load balancer).', { default: TALOS_DEFAULTS.kubePrismPort })),
    allowSchedulingOnControlPlanes: z
      .boolean()
      .optional()
      .meta(d('Remove the control-plane taint so pods run there. Default: true when the cluster has no workers.')),
    podCidr: cidr.optional().meta(d('Pod network.', { default: TALOS_DEFAULTS.podCidr })),
    serviceCidr: cidr.optional().meta(d('Service network.', { default: TALOS_DEFAULTS.serviceCidr })),
    nameservers: z.array(ipv4).optional().meta(d('DNS servers of the nodes. Default: the DNS of the network of NIC 0.')),
    patches: z
      .object({
        all: z.array(patch).optional(),
        controlPlane: z.array(patch).optional(),
        worker: z.array(patch).optional(),
      })
      .strict()
      .optional()
      .meta(d('Extra Talos patches for all nodes, control planes or workers (applied after ours).')),
    kubeconfigPath: z.string().optional().meta(d('Where `terraform apply` writes the kubeconfig (relative to the Terraform working directory of the stack, or absolute).', { default: TALOS_DEFAULTS.kubeconfigPath })),
    talosconfigPath: z.string().optional().meta(d('Where `terraform apply` writes the talosconfig.', { default: TALOS_DEFAULTS.talosconfigPath })),
    imageFactoryUrl: url.optional().meta(d('Talos image factory.', { default: TALOS_DEFAULTS.imageFactoryUrl })),
    imageDatastore: z.string().optional().meta(d('Proxmox storage (content `iso`) that receives the Talos disk image.', { default: TALOS_DEFAULTS.imageDatastore })),
    ...gitopsFields,
  })
  .strict();

export type TalosNodeInput = z.infer<typeof talosNodeSchema>;
export type TalosClusterInput = z.infer<typeof talosClusterSchema>;
