/** Resolves `images.<name>`: the cloud image download and the template VM built from it. */
import { IMAGE_DEFAULTS } from '../defaults';
import type { ImageInput } from '../schema/image';
import type { GoldenImage } from './infra-types';
import type { Problems } from './problems';
import { checkStorage } from './resolve-proxmox';
import { resolveVm } from './resolve-vm';
import type { Host } from './types';

export function resolveImage(name: string, i: ImageInput, hosts: ReadonlyMap<string, Host>, problems: Problems): GoldenImage | undefined {
  const path = `images.${name}`;
  const datastore = i.datastore ?? i.storage;
  const user = i.user ?? i.defaultUser;
  const template = resolveVm(path, `${name}-template`, {
    vmId: i.templateId,
    host: i.host,
    description: `Golden image ${name} (${i.url})`,
    tags: ['template'],
    cores: IMAGE_DEFAULTS.cores,
    memoryMiB: IMAGE_DEFAULTS.memoryMiB,
    machine: i.uefi ? 'q35' : undefined,
    bios: i.uefi ? 'ovmf' : undefined,
    nics: [{ bridge: i.bridge ?? IMAGE_DEFAULTS.bridge, address: 'dhcp' }],
    disks: [{ storage: datastore, sizeGiB: i.diskGiB ?? IMAGE_DEFAULTS.diskGiB }],
    cloudInit: { user, sshKeys: i.sshKeys, datastore },
    started: false,
    onBoot: false,
    agent: true,
  }, hosts, problems);
  if (!template) return undefined;
  const snippetStorage = i.snippetStorage ?? IMAGE_DEFAULTS.snippetStorage;
  checkStorage(`${path}.storage`, template.host, i.storage, IMAGE_DEFAULTS.contentType, problems);
  checkStorage(`${path}.snippetStorage`, template.host, snippetStorage, 'snippets', problems);
  if (i.checksum !== undefined && i.checksumAlgorithm === undefined && i.checksum.length !== 64) {
    problems.add(`${path}.checksumAlgorithm`, `checksum has ${i.checksum.length} hex digits, not a sha256`, 'set checksumAlgorithm (md5, sha1, sha224, sha384, sha512)');
  }
  return {
    name,
    path,
    url: i.url,
    checksum: i.checksum?.toLowerCase(),
    checksumAlgorithm: i.checksum !== undefined ? (i.checksumAlgorithm ?? 'sha256') : undefined,
    fileName: i.fileName ?? `${name}.qcow2`,
    storage: i.storage,
    snippetStorage,
    baseId: i.baseId,
    defaultUser: i.defaultUser,
    user,
    shell: i.shell,
    timezone: i.timezone,
    guestAgent: i.guestAgent ?? true,
    uefi: i.uefi ?? false,
    template,
  };
}
