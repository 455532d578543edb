/**
 * A golden image: the cloud image downloaded to Proxmox (`proxmox_download_file`, content type `import`) and a
 * template VM whose disk 0 is imported from it, with a cloud-init drive, the guest agent on and, for UEFI
 * images, OVMF + q35 + an EFI disk. Clones (`ProxmoxVm` with `cloneFrom`) copy the template.
 */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { resolveImage } from '../../model/resolve-image';
import { imageSchema } from '../../schema/image';
import { resolvedOf, resolvedProps, type WithHostRef } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { LabRegistry } from '../lab/registry';
import { stringify } from 'yaml';
import { IMAGE_DEFAULTS } from '../../defaults';
import type { GoldenImage as GoldenImageModel } from '../../model/infra-types';
import { DownloadFile } from '../../providers';
import { stableId } from '../stable-id';
import { ProxmoxVm } from './proxmox-vm';
import { SnippetFile } from './snippet-file';

/**
 * The fields of a profile's `images.<name>` entry (docs/profile.md, section images), validated with the same
 * schema: `url`, `host`, `templateId`, `storage` and `defaultUser` are required; each optional field's default
 * is the one documented there (`diskGiB` @default 10, `guestAgent` @default true, `uefi` @default false, ...).
 * `host` is a host name or a `Host`.
 */
export type GoldenImageProps = WithHostRef<z.input<typeof imageSchema>> & {
  /**
   * Name of the image (what `clone:` and K3s `template:` name; Terraform name of the download).
   * @default - the construct id
   */
  readonly name?: string;
};

/** Vendor-data of the template: timezone, guest agent and login shell (merged with Proxmox's user-data). */
export function templateVendorData(image: GoldenImageModel): string | undefined {
  const runcmd: string[][] = [];
  const doc: Record<string, unknown> = {};
  if (image.timezone) doc.timezone = image.timezone;
  if (image.guestAgent) {
    doc.packages = ['qemu-guest-agent'];
    runcmd.push(['systemctl', 'enable', '--now', 'qemu-guest-agent']);
  }
  if (image.shell) runcmd.push(['usermod', '--shell', image.shell, image.user]);
  if (runcmd.length) doc.runcmd = runcmd;
  return Object.keys(doc).length ? `#cloud-config\n${stringify(doc, { lineWidth: 0 })}` : undefined;
}

export class GoldenImage extends Construct {
  /** The image named `name` in the lab that contains `scope`; a ProfileError lists the known names when missing. */
  static fromName(scope: Construct, name: string): GoldenImage {
    return LabRegistry.of(scope, 'GoldenImage.fromName').find('image', name) as GoldenImage;
  }

  /** The resolved image; `image.template` is the template VM. */
  readonly image: GoldenImageModel;
  /** The bpg `proxmox_download_file` of the cloud image, for `addOverride` and references. */
  readonly download: DownloadFile;
  /** The template VM (its `resource` is the bpg VM resource). */
  readonly template: ProxmoxVm;
  /** The template's vendor-data snippet, when it has one (timezone, guest agent, shell). */
  readonly vendorData?: SnippetFile;

  constructor(scope: Construct, id: string, props: GoldenImageProps) {
    super(scope, id);
    const registry = LabRegistry.of(this, `GoldenImage ${id}`);
    const image = (this.image = resolvedOf<GoldenImageModel>(props) ?? this.resolve(registry, props));
    registry.register('image', image.name, this, image);
    const nodeName = image.template.host.nodeName;
    this.download = stableId(
      new DownloadFile(this, 'image', {
        nodeName,
        contentType: IMAGE_DEFAULTS.contentType,
        datastoreId: image.storage,
        fileName: image.fileName,
        url: image.url,
        checksum: image.checksum,
        checksumAlgorithm: image.checksumAlgorithm,
        overwrite: false,
      }),
      image.name,
    );
    const vendorData = templateVendorData(image);
    const vendor = (this.vendorData = vendorData
      ? new SnippetFile(this, 'vendor-data', { name: `${image.name}-vendor-data`, nodeName, datastore: image.snippetStorage, content: vendorData })
      : undefined);
    this.template = new ProxmoxVm(this, 'template', resolvedProps(image.template, {
      template: true,
      importImageFileId: this.download.id,
      vendorDataFileId: vendor?.fileId,
    }));
  }

  private resolve(registry: LabRegistry, props: GoldenImageProps): GoldenImageModel {
    return resolveEntity(this, registry, props, {
      schema: imageSchema,
      section: 'images',
      resolve: (name, input, problems) => resolveImage(name, input, registry.hosts(), problems),
    });
  }
}
