/** The resolved form of `apps.<name>.image`: an app that is one container image (defaults resolved here, once). */
import type { ImageInput } from '../schema/app-image';

/** Where an image app's claim is mounted unless `persistence.mountPath` says otherwise. */
export const DEFAULT_IMAGE_MOUNT_PATH = '/data';

export interface AppImage {
  /** Image reference with a tag or digest. */
  readonly ref: string;
  /** Port the container listens on (Service `<app>`, port name `http`). @default - no Service */
  readonly port?: number;
  readonly env: Readonly<Record<string, string>>;
  /** @default - the image's CMD */
  readonly args?: readonly string[];
  readonly replicas: number;
  readonly securityContext: {
    readonly runAsNonRoot: boolean;
    readonly readOnlyRootFilesystem: boolean;
    readonly runAsUser?: number;
    readonly runAsGroup?: number;
    readonly fsGroup?: number;
  };
}

export function imageOf(i: ImageInput): AppImage {
  const sc = i.securityContext ?? {};
  const fsGroup = sc.fsGroup ?? sc.runAsGroup;
  return {
    ref: i.ref,
    ...(i.port !== undefined ? { port: i.port } : {}),
    env: i.env ?? {},
    ...(i.args ? { args: i.args } : {}),
    replicas: i.replicas ?? 1,
    securityContext: {
      runAsNonRoot: sc.runAsNonRoot ?? true,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem ?? true,
      ...(sc.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}),
      ...(sc.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}),
      ...(fsGroup !== undefined ? { fsGroup } : {}),
    },
  };
}
