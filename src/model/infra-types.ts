/** Resolved model of the Proxmox-level parts of a lab: PCI mappings, golden images, containers, access, state. */
import type { Guest, Host, Nic, Vm } from './types';

export interface PciMappingEntry {
  readonly host: Host;
  /** Full PCI address, e.g. `0000:2f:00.0`. */
  readonly path: string;
  /** vendor:device. */
  readonly id: string;
  readonly iommuGroup?: number;
  readonly subsystemId?: string;
  readonly comment?: string;
}

export interface PciMapping {
  readonly name: string;
  readonly comment?: string;
  readonly kind: string;
  /** vendor:device of the first entry. */
  readonly id: string;
  readonly map: readonly PciMappingEntry[];
}

export interface GoldenImage {
  readonly name: string;
  readonly path: string;
  readonly url: string;
  readonly checksum?: string;
  readonly checksumAlgorithm?: string;
  readonly fileName: string;
  /** Storage (content `import`) of the downloaded image. */
  readonly storage: string;
  readonly snippetStorage: string;
  readonly baseId?: number;
  readonly defaultUser: string;
  /** Login user of clones. */
  readonly user: string;
  readonly shell?: string;
  readonly timezone?: string;
  readonly guestAgent: boolean;
  readonly uefi: boolean;
  /** The template VM (`template: true`); `vm.host` holds it and downloads the image. */
  readonly template: Vm;
}

export interface MountPoint {
  readonly volume: string;
  readonly path: string;
  /** A host path bind-mounted into the container (not a storage volume). */
  readonly bindMount: boolean;
  readonly sizeGiB?: number;
  readonly readOnly: boolean;
  readonly backup: boolean;
  readonly shared: boolean;
}

export interface ContainerNic extends Nic {
  /** Interface name inside the container (`eth0`). */
  readonly interfaceName: string;
}

export interface Container extends Guest {
  readonly template: string;
  /** LXC ostype: given, else derived from the template file name (`unmanaged` only when asked for). */
  readonly osType: string;
  readonly unprivileged: boolean;
  readonly nesting: boolean;
  readonly keyctl: boolean;
  readonly fuse: boolean;
  readonly cores: number;
  readonly memoryMiB: number;
  readonly swapMiB: number;
  readonly disk: { readonly storage: string; readonly sizeGiB: number };
  readonly mountPoints: readonly MountPoint[];
  readonly nics: readonly ContainerNic[];
  readonly hostname: string;
  readonly dns: readonly string[];
  readonly domain?: string;
  readonly sshKeys: readonly string[];
  readonly started: boolean;
  readonly onBoot: boolean;
}

export interface ProxmoxAccess {
  /** `terraform@pve`. */
  readonly user: string;
  /** Token name, e.g. `homelab`; the token id is `<user>!<token>`. */
  readonly token: string;
  /**
   * Built-in roles granted on `path` instead of the computed role, when the profile names them (then
   * `homelab validate` reports what they do not cover); undefined = the computed role.
   */
  readonly roles?: readonly string[];
  /** Id of the computed role (`proxmox_virtual_environment_role`) with exactly the privileges the lab needs. */
  readonly role: string;
  /** ACL path of the built-in `roles`. */
  readonly path: string;
  readonly comment?: string;
}

/** Terraform backend of every stack; `{stack}` in keys and addresses is replaced per stack. */
export type StateBackend =
  | { readonly backend: 'local' }
  | {
      readonly backend: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      readonly endpoint?: string;
      readonly usePathStyle: boolean;
      readonly skipChecks: boolean;
    }
  | { readonly backend: 'pg'; readonly schemaName: string }
  | {
      readonly backend: 'http';
      readonly address: string;
      readonly lockAddress?: string;
      readonly unlockAddress?: string;
      readonly lockMethod?: string;
      readonly unlockMethod?: string;
    };
