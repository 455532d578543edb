/**
 * `UserVolumeConfigV1Alpha1.Validate` (siderolabs/talos v1.13.0
 * pkg/machinery/config/types/block/user_volume_config.go, with ProvisioningSpec.Validate of volume_config.go,
 * FilesystemSpec.Validate, ByteSize/Size of byte_size.go and size.go). The CEL disk selector is only checked
 * for presence: its parsing (celenv.DiskLocator) is not ported.
 */
import type { OracleProblem } from './rules';

type Doc = Record<string, any>;

/** constants.PartitionLabelLength (36) - len(constants.UserVolumePrefix "u-"). */
const MAX_NAME_LENGTH = 34;
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, e: 1e18 };

/** go-humanize ParseBytes (what ByteSize.UnmarshalText calls after cutting a leading `-`): bytes, or undefined. */
export function parseByteSize(text: string): { bytes: number; negative: boolean } | undefined {
  const negative = text.startsWith('-');
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmgtpe])(i)?b?|(b))?$/i.exec(negative ? text.slice(1) : text);
  if (!m) return undefined;
  const unit = (m[2] ?? m[4] ?? '').toLowerCase();
  const base = m[3] ? 1024 ** (['', 'k', 'm', 'g', 't', 'p', 'e'].indexOf(unit)) : UNITS[unit === 'b' ? 'b' : unit]!;
  return { bytes: Number(m[1]) * base, negative };
}

const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'object' && Object.keys(v as object).length === 0);

/** Problems of one UserVolumeConfig document, worded as Talos words them. */
export function checkUserVolume(doc: Doc, id: string, out: OracleProblem[]): void {
  const add = (message: string, fix: string) => out.push({ rule: 'volume', document: id, message, fix });
  const name = typeof doc.name === 'string' ? doc.name : '';
  if (!name) add('name is required', 'name the volume (it is mounted at /var/mnt/<name>)');
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) add(`name must be between 1 and ${MAX_NAME_LENGTH} characters long`, 'shorten the name');
  if (/[^A-Za-z0-9-]/.test(name)) add('name can only contain lowercase and uppercase ASCII letters, digits, and hyphens', 'rename the volume');
  const type = doc.volumeType ?? 'partition';
  const p: Doc = doc.provisioning ?? {};
  if (type === 'directory') {
    for (const [field, spec] of [['provisioning', doc.provisioning], ['encryption', doc.encryption], ['filesystem', doc.filesystem], ['mount', doc.mount]] as const) {
      if (present(spec)) add(`${field} spec is invalid for volumeType directory`, `remove ${field}, or use volumeType partition`);
    }
    return;
  }
  if (type !== 'partition' && type !== 'disk') {
    add(`unsupported volume type "${type}"`, 'use partition (default), disk or directory');
    return;
  }
  if (!p.diskSelector?.match) add('disk selector is required', "set provisioning.diskSelector.match, e.g. disk.serial == '<serial>'");
  if (type === 'disk') {
    if (p.minSize !== undefined || p.maxSize !== undefined || p.grow !== undefined) add('min size, max size and grow are not supported', 'a disk volume takes the whole disk: remove minSize, maxSize and grow');
  } else {
    const min = p.minSize === undefined ? undefined : parseByteSize(String(p.minSize));
    const relative = typeof p.maxSize === 'string' && p.maxSize.includes('%');
    const max = p.maxSize === undefined || relative ? undefined : parseByteSize(String(p.maxSize));
    if (p.minSize !== undefined && !min) add(`minSize "${p.minSize}" is not a size`, 'write it like 100GiB');
    if (p.maxSize !== undefined && !relative && !max) add(`maxSize "${p.maxSize}" is not a size`, 'write it like 100GiB or 80%');
    if (min && max && !max.negative && min.bytes > max.bytes) add('min size is greater than max size', 'lower minSize or raise maxSize');
    if (!min?.bytes && !max?.bytes && !relative) add('min size or max size is required', 'set provisioning.minSize (and grow: true to fill the disk)');
    if (min?.negative) add('min size cannot be negative', 'write a positive minSize');
  }
  const fs = doc.filesystem?.type;
  if (fs !== undefined && !['none', 'xfs', 'ext4'].includes(fs)) add(`unsupported filesystem type: ${fs}`, 'use xfs (default) or ext4');
  if (doc.filesystem?.projectQuotaSupport === true && fs !== undefined && fs !== 'xfs' && fs !== 'none') {
    add('project quota support is only available for xfs filesystem', 'use xfs, or drop projectQuotaSupport');
  }
}
