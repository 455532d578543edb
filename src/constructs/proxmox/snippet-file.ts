/** A cloud-init snippet (bpg `proxmox_virtual_environment_file`, content type `snippets`) uploaded from text. */
import { Construct } from 'constructs';
import { VirtualEnvironmentFile } from '../../providers';
import { stableId } from '../stable-id';

export interface SnippetFileProps {
  /** Terraform name of the file resource; also the default file name. */
  readonly name: string;
  /** Proxmox node that receives the file (over SSH: `proxmox.sshUser`). */
  readonly nodeName: string;
  /** Storage with content `snippets`, e.g. `local`. */
  readonly datastore: string;
  /** File content; may hold Terraform references such as `${random_password.x.result}` (resolved at apply). */
  readonly content: string;
  /** File name on the storage. @default `<name>.yaml` */
  readonly fileName?: string;
  /**
   * Mode of the file on the Proxmox node (`file_mode`, set over SFTP after the upload), e.g. `0600` for a
   * snippet that holds tokens. @default - the SSH user's umask (usually 0644)
   */
  readonly fileMode?: string;
  /**
   * Upload once: later content changes are ignored (`lifecycle.ignore_changes = [source_raw[0].data]`), so a
   * first-boot-only user-data never changes on the node's storage (Proxmox derives the cloud-init instance-id from
   * the user-data: a new content would make cloud-init run everything again at the next start). @default false
   */
  readonly firstBootOnly?: boolean;
}

export class SnippetFile extends Construct {
  readonly resource: VirtualEnvironmentFile;
  /** The volume id (`local:snippets/<file>`) for `user_data_file_id` / `vendor_data_file_id`. */
  readonly fileId: string;

  constructor(scope: Construct, id: string, props: SnippetFileProps) {
    super(scope, id);
    this.resource = stableId(
      new VirtualEnvironmentFile(this, 'Resource', {
        contentType: 'snippets',
        datastoreId: props.datastore,
        nodeName: props.nodeName,
        sourceRaw: { data: props.content, fileName: props.fileName ?? `${props.name}.yaml` },
        fileMode: props.fileMode,
        lifecycle: props.firstBootOnly ? { ignoreChanges: ['source_raw[0].data'] } : undefined,
      }),
      props.name,
    );
    this.fileId = this.resource.id;
  }
}
