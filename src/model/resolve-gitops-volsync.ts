/**
 * How VolSync backs up a claim, by its storage class. `copyMethod: Snapshot` needs the snapshot CRDs, a
 * snapshot-controller and a VolumeSnapshotClass of the class's CSI driver; the restore of a new claim
 * (`dataSourceRef` to a ReplicationDestination, VolSync's volume populator) needs the same, since the
 * destination's latest image is a VolumeSnapshot. On an empty repository the restic mover initializes it and
 * restores nothing (backube/volsync mover-restic/entry.sh, v0.16.0: ensure_initialized, then "No eligible
 * snapshots found"), so the claim binds on the first bootstrap too. Storage without CSI snapshots backs up
 * with `copyMethod: Direct` (the mover reads the live claim) and has no restore through the populator.
 */
import { GITOPS_DEFAULTS } from '../defaults';
import type { GitOpsClusterInput } from './resolve-gitops';

/** Storage classes we create whose CSI driver takes snapshots, with their VolumeSnapshotClass settings. */
export const SNAPSHOT_CLASSES: Readonly<Record<string, { readonly driver: string; readonly parameters?: Readonly<Record<string, string>> }>> = {
  // longhorn/longhorn docs "CSI VolumeSnapshot": type snap keeps an in-cluster snapshot
  longhorn: { driver: 'driver.longhorn.io', parameters: { type: 'snap' } },
  mayastor: { driver: 'io.openebs.csi-mayastor' },
};

/** The storage class a claim without one gets: the class of `storage.default`. */
export function defaultClassOf(storage: GitOpsClusterInput['storage']): string | undefined {
  const d = storage?.default;
  return d === 'nfs' ? storage?.nfs?.storageClass ?? GITOPS_DEFAULTS.nfsStorageClass : d;
}

export const snapshotClassName = (storageClass: string) => `${storageClass}-snapshot`;

/** The VolSync copy method of a claim of `storageClass`, and its VolumeSnapshotClass when it snapshots. */
export function copyOf(storageClass: string | undefined): { copyMethod: 'Snapshot' | 'Direct'; snapshotClass?: string } {
  return storageClass && SNAPSHOT_CLASSES[storageClass] ? { copyMethod: 'Snapshot', snapshotClass: snapshotClassName(storageClass) } : { copyMethod: 'Direct' };
}

/** Values of the piraeus snapshot-controller chart (piraeusdatastore/helm-charts snapshot-controller-4.1.1 templates/volumesnapshotclass.yaml). */
export function snapshotControllerValues(storageClasses: readonly string[]): Record<string, unknown> {
  const classes = [...new Set(storageClasses)].sort().map((c) => ({
    name: snapshotClassName(c),
    driver: SNAPSHOT_CLASSES[c]!.driver,
    deletionPolicy: 'Delete',
    ...(SNAPSHOT_CLASSES[c]!.parameters ? { parameters: SNAPSHOT_CLASSES[c]!.parameters } : {}),
  }));
  return { controller: { volumeSnapshotClasses: classes } };
}
