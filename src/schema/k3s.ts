/** Profile section `clusters.<name>` with `type: k3s`: K3s on cloud-init VMs cloned from a golden image. */
import { gitopsFields } from './gitops';
import { z } from 'zod';
import { K3S_DEFAULTS } from '../defaults';
import { ipv4, name } from './primitives';
import { vmShape } from './vm';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const k3sNodeSchema = z
  .object({
    name: name.meta(d('Node and VM name (the hostname); part of Terraform addresses.', { examples: ['k3s-server-1'] })),
    ...vmShape,
    disks: vmShape.disks.unwrap().meta(d('Disks; disk 0 replaces the template disk (same interface) and is grown to its size.')),
    labels: z.record(z.string(), z.string()).optional().meta(d('Kubernetes node labels (`--node-label`).')),
    taints: z
      .array(z.string().regex(/^[^=\s]+(=[^:\s]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$/, 'must be key[=value]:Effect'))
      .optional()
      .meta(d('Kubernetes node taints (`--node-taint`).', { examples: [['gpu=true:NoSchedule']] })),
  })
  .strict();

export const k3sClusterSchema = z
  .object({
    type: z.literal('k3s').meta(d('Cluster distribution: `k3s` (cloud-init VMs); without `type` the cluster is Talos.')),
    k3sVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, 'must be a K3s release such as v1.33.6+k3s1')
      .optional()
      .meta(d('K3s: Pinned K3s release (INSTALL_K3S_VERSION).', { default: K3S_DEFAULTS.k3sVersion })),
    template: name.meta(d('K3s: Golden image (key under `images`) whose template every node is a full clone of.', { examples: ['ubuntu-2404'] })),
    servers: z.array(k3sNodeSchema).min(1).meta(d('K3s: Server (control-plane) nodes; the first one initialises embedded etcd (`--cluster-init`).')),
    agents: z.array(k3sNodeSchema).optional().meta(d('K3s: Agent (worker) nodes. Default: none.')),
    disable: z
      .array(z.enum(['traefik', 'servicelb', 'local-storage', 'metrics-server', 'coredns']))
      .optional()
      .meta(d('K3s: Bundled components to turn off (`--disable`), e.g. `servicelb` when MetalLB replaces it.', { examples: [['servicelb']] })),
    tlsSan: z.array(z.string()).optional().meta(d('K3s: Extra names/addresses in the API server certificate (`tls-san`); the `vip` is added by itself.')),
    vip: ipv4.optional().meta(d('K3s: Virtual IP of the API server, announced by kube-vip (ARP) on the servers; agents, joining servers, the kubeconfig and the `server_url` output use it. Must be a free address in the servers\' NIC 0 network. Default: none (everything points at the first server).', { examples: ['10.20.11.20'] })),
    cloneStorage: z.string().optional().meta(d('K3s: Storage every node is cloned onto before bpg moves its disks to the node\'s own disk storage. A clone to another node than the template\'s must target shared storage (Proxmox refuses a cross-node clone to local storage). Default: the template\'s disk storage for nodes on another host, the node\'s disk 0 storage on the template\'s host.')),
    user: z.string().optional().meta(d('K3s: Login user created by cloud-init on every node. Default: the image\'s `defaultUser`.')),
    sshKeys: z.array(z.string()).min(1).meta(d('K3s: SSH public keys of that user (also used to fetch the kubeconfig).')),
    timezone: z.string().optional().meta(d('K3s: Timezone of the nodes. Default: the image\'s timezone, else UTC.')),
    snippetStorage: z.string().optional().meta(d('K3s: Proxmox storage (content `snippets`) for the cloud-init user-data files.', { default: K3S_DEFAULTS.snippetStorage })),
    kubeconfigPath: z.string().optional().meta(d('K3s: Where the documented fetch command (output `<cluster>_kubeconfig_command`) writes the kubeconfig (mode 0600, directory created).', { default: 'generated/<cluster>/kubeconfig' })),
    ...gitopsFields,
  })
  .strict();

export type K3sNodeInput = z.infer<typeof k3sNodeSchema>;
export type K3sClusterInput = z.infer<typeof k3sClusterSchema>;
