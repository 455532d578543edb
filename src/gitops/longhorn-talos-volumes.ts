/**
 * Talos side of Longhorn's data disks, for the Talos machine-config generator (src/talos, owned there) to
 * call: every disk of `purpose: longhorn` becomes a Talos user volume, and Longhorn's default data path is
 * that volume's mount. Talos mounts a user volume at `/var/mnt/<name>` and propagates it into the kubelet
 * (docs.siderolabs.com talos/v1.12 configure-your-talos-cluster/storage-and-disk-management/disk-management/user,
 * "UserVolumeConfig": name of 1-34 characters, provisioning.diskSelector.match is a CEL expression over `disk`).
 */
import type { Vm } from '../model/types';

/** Name of the first Longhorn user volume (the data path), `longhorn-2`, ... for further disks. */
export const LONGHORN_VOLUME = 'longhorn';
/** Where Talos mounts it, and Longhorn's `defaultSettings.defaultDataPath`. */
export const LONGHORN_DATA_PATH = `/var/mnt/${LONGHORN_VOLUME}`;

/** The Talos `UserVolumeConfig` documents of a node's Longhorn disks (selected by the serial Terraform gives the disk). */
export function longhornUserVolumes(vm: Pick<Vm, 'disks'>): Record<string, unknown>[] {
  return vm.disks
    .filter((d) => d.purpose === 'longhorn')
    .map((d, i) => ({
      apiVersion: 'v1alpha1',
      kind: 'UserVolumeConfig',
      name: i === 0 ? LONGHORN_VOLUME : `${LONGHORN_VOLUME}-${i + 1}`,
      provisioning: { diskSelector: { match: `disk.serial == '${d.serial}'` }, minSize: `${Math.max(1, d.sizeGiB - 1)}GiB`, grow: true },
    }));
}

/** The node has a Longhorn data disk. */
export const hasLonghornDisk = (vm: Pick<Vm, 'disks'>) => vm.disks.some((d) => d.purpose === 'longhorn');
