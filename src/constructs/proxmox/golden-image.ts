/**
 * A golden image: the cloud image downloaded to Proxmox (`proxmox_download_file`, content type `import`) and a
 * template VM whose disk 0 is imported from it, with a cloud-init drive, the guest agent on and, for UEFI
 * images, OVMF + q35 + an EFI disk. Clones (`ProxmoxVm` with `cloneFrom`) copy the template.
 */
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { IMAGE_DEFAULTS } from '../../defaults';
import type { GoldenImage as GoldenImageModel } from '../../model/infra-types';
import { DownloadFile } from '../../providers';
import { stableId } from '../stable-id';
import { ProxmoxVm } from './proxmox-vm';
import { SnippetFile } from './snippet-file';

export interface GoldenImageProps {
  /** The resolved image; `image.template` is the template VM. */
  readonly image: GoldenImageModel;
}

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
  readonly download: DownloadFile;
  readonly template: ProxmoxVm;

  constructor(scope: Construct, id: string, props: GoldenImageProps) {
    super(scope, id);
    const image = props.image;
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
    const vendor = vendorData
      ? new SnippetFile(this, 'vendor-data', { name: `${image.name}-vendor-data`, nodeName, datastore: image.snippetStorage, content: vendorData })
      : undefined;
    this.template = new ProxmoxVm(this, 'template', {
      vm: image.template,
      template: true,
      importImageFileId: this.download.id,
      vendorDataFileId: vendor?.fileId,
    });
  }
}
