/** Profile section `containers.<name>`: LXC containers (bpg `proxmox_virtual_environment_container`). */
import { z } from 'zod';
import { CONTAINER_DEFAULTS } from '../defaults';
import { LXC_OS_TYPES } from '../model/lxc-os-type';
import { ipv4, positiveInt, vmId } from './primitives';
import { nicSchema } from './vm';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const containerNicSchema = nicSchema
  .omit({ model: true, name: true })
  .extend({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9]{0,14}$/)
      .optional()
      .meta(d(`Interface name inside the container. Default: ${CONTAINER_DEFAULTS.interfacePrefix}<index>.`)),
  })
  .strict();

export const mountPointSchema = z
  .object({
    volume: z
      .string()
      .min(1)
      .meta(d('Host path to bind-mount (absolute, needs root@pam) or a storage id for a new volume (then `sizeGiB`).', { examples: ['/tank/media'] })),
    path: z.string().regex(/^\//, 'must be an absolute path').meta(d('Mount path inside the container.', { examples: ['/srv/media'] })),
    sizeGiB: positiveInt.optional().meta(d('Size of a storage-backed volume in GiB.')),
    readOnly: z.boolean().optional().meta(d('Mount read-only.', { default: false })),
    backup: z.boolean().optional().meta(d('Include in vzdump backups.', { default: false })),
    shared: z.boolean().optional().meta(d('The host path is on shared storage (allows migration).', { default: false })),
  })
  .strict();

export const containerSchema = z
  .object({
    vmId: vmId.meta(d('Proxmox VMID (CT id); changing it replaces the container.', { examples: [300] })),
    host: z.string().meta(d('Key of the host (under `hosts`) that runs the container.')),
    description: z.string().optional(),
    tags: z.array(z.string()).optional().meta(d('Proxmox tags.')),
    template: z
      .string()
      .regex(/^[^:\s]+:vztmpl\/\S+$/, 'must be a volume id such as local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst')
      .meta(d('OS template volume id.', { examples: ['local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst'] })),
    osType: z
      .enum(LXC_OS_TYPES)
      .optional()
      .meta(d('OS type Proxmox configures the container for (network, hostname, DNS, SSH host keys); `unmanaged` leaves that to you. Default: from the template file name (debian-13-standard_... -> debian, rockylinux-9-... -> centos); an unknown name is an error.')),
    unprivileged: z.boolean().optional().meta(d('Run as an unprivileged container (uid mapping).', { default: CONTAINER_DEFAULTS.unprivileged })),
    nesting: z.boolean().optional().meta(d('Allow nesting (needed by systemd in recent distributions and by Docker). Default: true on unprivileged containers, false on privileged ones (any feature of a privileged container is root@pam-only).')),
    keyctl: z.boolean().optional().meta(d('Allow keyctl (Docker in unprivileged containers); root@pam-only in Proxmox.', { default: false })),
    fuse: z.boolean().optional().meta(d('Allow FUSE mounts; root@pam-only in Proxmox.', { default: false })),
    cores: positiveInt.max(512).optional().meta(d('CPU cores.', { default: CONTAINER_DEFAULTS.cores })),
    memoryMiB: positiveInt.optional().meta(d('Memory in MiB.', { default: CONTAINER_DEFAULTS.memoryMiB })),
    swapMiB: z.number().int().min(0).optional().meta(d('Swap in MiB.', { default: CONTAINER_DEFAULTS.swapMiB })),
    disk: z
      .object({
        storage: z.string().meta(d('Storage of the root filesystem.')),
        sizeGiB: positiveInt.optional().meta(d('Root filesystem size in GiB.', { default: CONTAINER_DEFAULTS.diskGiB })),
      })
      .strict()
      .meta(d('Root filesystem.')),
    mountPoints: z.array(mountPointSchema).max(256).optional().meta(d('Extra mount points (mp0, mp1, ...), in order.')),
    nics: z.array(containerNicSchema).min(1).max(10).meta(d('Ordered NICs (eth0 first); a static `address` goes to the container\'s network config.')),
    hostname: z.string().optional().meta(d('Hostname. Default: the container name.')),
    dns: z.array(ipv4).optional().meta(d('DNS servers. Default: the network DNS of NIC 0.')),
    domain: z.string().optional().meta(d('Search domain. Default: the network domain of NIC 0.')),
    sshKeys: z.array(z.string()).optional().meta(d('SSH public keys for root.')),
    started: z.boolean().optional().meta(d('Start the container after creation.', { default: true })),
    onBoot: z.boolean().optional().meta(d('Start the container when the host boots.', { default: true })),
  })
  .strict();

export type ContainerInput = z.infer<typeof containerSchema>;
export type ContainerNicInput = z.infer<typeof containerNicSchema>;
