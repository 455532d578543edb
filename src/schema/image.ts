/** Profile section `images.<name>`: golden images, a cloud image downloaded to Proxmox and a template VM built from it. */
import { z } from 'zod';
import { IMAGE_DEFAULTS } from '../defaults';
import { name, positiveInt, url, vmId } from './primitives';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

export const imageSchema = z
  .object({
    url: url.meta(d('Cloud image (qcow2 or raw) to download.', { examples: ['https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img'] })),
    checksum: z.string().regex(/^[0-9a-fA-F]{32,128}$/, 'must be a hex digest').optional().meta(d('Expected digest of the download.')),
    checksumAlgorithm: z.enum(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']).optional().meta(d('Algorithm of `checksum`.', { default: 'sha256' })),
    fileName: z
      .string()
      .regex(/^[A-Za-z0-9._-]+\.(qcow2|raw|img)$/, 'must be a file name ending in .qcow2, .raw or .img')
      .optional()
      .meta(d('Name of the downloaded file. Default: <image name>.qcow2 (Proxmox imports by extension).')),
    host: z.string().meta(d('Host (key under `hosts`) that downloads the image and holds the template.')),
    storage: z.string().meta(d('Storage (content `import`) that receives the image; a shared storage serves every node.')),
    datastore: z.string().optional().meta(d('Storage of the template disk. Default: `storage`.')),
    baseId: vmId.optional().meta(d('VMID of the hand-customised base VM of this image; reserved (checked for collisions), nothing is created with it.')),
    templateId: vmId.meta(d('VMID of the template VM; clones reference it.', { examples: [9000] })),
    defaultUser: z.string().meta(d('The image\'s cloud-init user (ubuntu, debian, arch, nixos); the template\'s login user unless `user` is set.')),
    user: z.string().optional().meta(d('Login user of VMs cloned from the template. Default: `defaultUser`.')),
    shell: z.string().optional().meta(d('Login shell of that user (set through vendor-data). Default: the image\'s.')),
    timezone: z.string().optional().meta(d('Timezone (vendor-data), e.g. America/El_Salvador. Default: the image\'s (UTC).')),
    sshKeys: z.array(z.string()).optional().meta(d('SSH public keys of the login user.')),
    guestAgent: z.boolean().optional().meta(d('Install and start qemu-guest-agent through vendor-data (false for images without a package manager cloud-init can drive, e.g. NixOS).', { default: true })),
    uefi: z.boolean().optional().meta(d('Boot with OVMF (UEFI): bios ovmf, machine q35 and an EFI disk.', { default: false })),
    diskGiB: positiveInt.optional().meta(d('Template disk size in GiB (the image is grown to it).', { default: IMAGE_DEFAULTS.diskGiB })),
    bridge: z.string().optional().meta(d('Bridge of the template NIC.', { default: IMAGE_DEFAULTS.bridge })),
    snippetStorage: z.string().optional().meta(d('Storage (content `snippets`) for the template\'s vendor-data.', { default: IMAGE_DEFAULTS.snippetStorage })),
  })
  .strict();

export type ImageInput = z.infer<typeof imageSchema>;
export { name as imageNameSchema };
