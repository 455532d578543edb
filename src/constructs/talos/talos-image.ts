/** A Talos image-factory schematic and its nocloud disk image downloaded to each Proxmox node that needs it. */
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { TALOS_DEFAULTS } from '../../defaults';
import { DownloadFile, ImageFactorySchematic } from '../../providers';
import { stableId } from '../stable-id';

export interface TalosImageProps {
  /** Terraform name prefix, e.g. `main-nvidia`. */
  readonly name: string;
  /** System extensions (image-factory official extension names), e.g. `siderolabs/qemu-guest-agent`. */
  readonly extensions: readonly string[];
  /** Talos version, e.g. `v1.13.0`. */
  readonly talosVersion: string;
  /** Proxmox node names that receive the disk image. */
  readonly nodeNames: readonly string[];
  /** Proxmox storage (content `iso`) for the image. @default TALOS_DEFAULTS.imageDatastore (`local`) */
  readonly datastore?: string;
  /** Image factory base URL. @default TALOS_DEFAULTS.imageFactoryUrl */
  readonly factoryUrl?: string;
}

/** The schematic document sent to the image factory. */
export function schematicYaml(extensions: readonly string[]): string {
  return stringify({ customization: { systemExtensions: { officialExtensions: [...extensions].sort() } } });
}

export class TalosImage extends Construct {
  /** `talos_image_factory_schematic`. */
  readonly schematic: ImageFactorySchematic;
  /**
   * Installer image for `machine.install.image` and `talosctl upgrade --image` (keeps the extensions across
   * upgrades), in the form the talos provider's `talos_image_factory_urls` returns for platform nocloud:
   * `<factory host>/nocloud-installer/<schematic>:<version>` (terraform-provider-talos v0.11.0
   * pkg/talos/talos_image_factory_urls_data_source.go).
   */
  readonly installerImage: string;
  /** The `proxmox_download_file` of the disk image, by Proxmox node name. */
  readonly files = new Map<string, DownloadFile>();

  constructor(scope: Construct, id: string, props: TalosImageProps) {
    super(scope, id);
    const factory = (props.factoryUrl ?? TALOS_DEFAULTS.imageFactoryUrl).replace(/\/+$/, '');
    this.schematic = stableId(new ImageFactorySchematic(this, 'schematic', { schematic: schematicYaml(props.extensions) }), props.name);
    const arch = TALOS_DEFAULTS.architecture;
    this.installerImage = `${factory.replace(/^https?:\/\//, '')}/${TALOS_DEFAULTS.platform}-installer/${this.schematic.id}:${props.talosVersion}`;
    for (const nodeName of [...new Set(props.nodeNames)].sort()) {
      const file = new DownloadFile(this, `image-${nodeName}`, {
        nodeName,
        contentType: 'iso',
        datastoreId: props.datastore ?? TALOS_DEFAULTS.imageDatastore,
        fileName: `talos-${props.name}-${props.talosVersion}-${TALOS_DEFAULTS.platform}-${arch}.img`,
        url: `${factory}/image/${this.schematic.id}/${props.talosVersion}/${TALOS_DEFAULTS.platform}-${arch}.raw.gz`,
        decompressionAlgorithm: 'gz',
        overwrite: false,
      });
      this.files.set(nodeName, stableId(file, `${props.name}-${nodeName}`));
    }
  }

  /** The Proxmox file id (`local:iso/...img`) of the image on `nodeName`. */
  fileIdFor(nodeName: string): string {
    const file = this.files.get(nodeName);
    if (!file) throw new Error(`TalosImage ${this.node.path}: no image on node "${nodeName}"`);
    return file.id;
  }
}
