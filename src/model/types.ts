/** The resolved lab: every default filled in, every reference checked. Pure data, no cdktf. */
import type { GitOps } from './gitops-types';
import type { Gpu } from './gpu';
import type { Container, GoldenImage, PciMapping, ProxmoxAccess, StateBackend } from './infra-types';
import type { K3sCluster } from './k3s-types';

export interface Network {
  readonly cidr: string;
  readonly gateway?: string;
  readonly dns: readonly string[];
  readonly domain?: string;
}

export interface Bridge {
  readonly name: string;
  readonly mtu: number;
  readonly vlanAware: boolean;
  /** Untagged network. */
  readonly network?: Network;
  /** Tagged networks by VLAN id. */
  readonly vlans: ReadonlyMap<number, Network>;
}

export interface Storage {
  readonly id: string;
  readonly type: string;
  readonly content: readonly string[];
  readonly shared: boolean;
}

export interface PciDevice {
  readonly name: string;
  /** Full address with domain, e.g. `0000:0d:00` or `0000:07:00.0`. */
  readonly address: string;
  readonly id: string;
  readonly kind: string;
  readonly iommuGroup?: number;
  readonly subsystemId?: string;
  readonly passthrough: boolean;
}

export interface Host {
  readonly key: string;
  readonly nodeName: string;
  readonly address: string;
  /** SSH port of the node (`homelab doctor`). */
  readonly sshPort: number;
  readonly endpoint: string;
  readonly cpuThreads: number;
  readonly memoryMiB: number;
  readonly budget?: { readonly cpuThreads?: number; readonly memoryMiB?: number };
  readonly bridges: ReadonlyMap<string, Bridge>;
  readonly storage: ReadonlyMap<string, Storage>;
  readonly pci: ReadonlyMap<string, PciDevice>;
}

export interface Nic {
  readonly index: number;
  readonly bridge: string;
  readonly vlanId?: number;
  readonly mtu: number;
  /** Upper-case MAC, as Proxmox stores it. */
  readonly mac: string;
  /** Talos link alias (`net0`, ...). */
  readonly alias: string;
  readonly model: string;
  readonly firewall: boolean;
  /** Static address without prefix, `dhcp`, or undefined for none. */
  readonly ip?: string;
  readonly prefix?: number;
  readonly dhcp: boolean;
  /** Default-route gateway carried by this NIC. */
  readonly gateway?: string;
  /** The L3 network the NIC sits on, when known. */
  readonly network?: Network;
}

export interface Disk {
  readonly index: number;
  readonly interface: string;
  readonly storage: string;
  readonly sizeGiB: number;
  readonly purpose: 'os' | 'data' | 'mayastor' | 'longhorn';
  readonly ssd: boolean;
  readonly discard: boolean;
  readonly iothread: boolean;
  readonly serial: string;
  /** Kernel device name inside a Linux guest, e.g. `/dev/vdb` (virtio) or `/dev/sdb` (scsi/sata). */
  readonly device: string;
  /** Stable path by serial, e.g. `/dev/disk/by-id/virtio-mayastor1`. */
  readonly byIdPath: string;
}

export interface Passthrough {
  /** hostpci slot, e.g. `hostpci0`. */
  readonly slot: string;
  /** Raw PCI address, when passed by address (needs root@pam). */
  readonly address?: string;
  /** Proxmox resource mapping name. */
  readonly mapping?: string;
  /** Host device, when it is described under the host. */
  readonly device?: PciDevice;
  readonly pcie: boolean;
  readonly rombar: boolean;
  readonly xvga: boolean;
  readonly kind: string;
  /** vendor:device when known. */
  readonly id?: string;
}

export interface CloudInit {
  readonly user?: string;
  readonly sshKeys: readonly string[];
  readonly dns: readonly string[];
  readonly domain?: string;
  readonly datastore: string;
}

/** What every guest (VM, template, LXC container) has: where it is in the profile, its id and its node. */
export interface Guest {
  /** Profile path of the guest, for messages (`vms.plex`, `clusters.main.workers[0]`, `containers.dns`). */
  readonly path: string;
  readonly name: string;
  /** VMID / CT id, unique across the Proxmox cluster. */
  readonly vmId: number;
  readonly host: Host;
  readonly description?: string;
  readonly tags: readonly string[];
}

/**
 * Where a stand-alone VM's operating system comes from: a full clone of a golden image's template, an
 * installer ISO in a CD-ROM drive, or a cloud image imported into disk 0.
 */
export type OsSource =
  | {
      readonly kind: 'clone';
      readonly image: string;
      readonly templateVmId: number;
      readonly templateNode: string;
      /** Storage the clone is made on: the template's shared storage for a clone to another node, else disk 0's (clone-storage.ts). */
      readonly storage: string;
      /** The template is on local storage on another node: cloned there, then migrated (clone-storage.ts). */
      readonly migrates: boolean;
    }
  | { readonly kind: 'iso'; readonly fileId: string }
  | { readonly kind: 'import'; readonly fileId: string };

export interface Vm extends Guest {
  readonly cores: number;
  readonly sockets: number;
  readonly cpuType: string;
  readonly memoryMiB: number;
  readonly machine: 'q35' | 'pc';
  readonly bios: 'seabios' | 'ovmf';
  readonly nics: readonly Nic[];
  readonly disks: readonly Disk[];
  readonly pci: readonly Passthrough[];
  readonly cloudInit?: CloudInit;
  readonly started: boolean;
  readonly onBoot: boolean;
  readonly agent: boolean;
  readonly tpm: boolean;
  /** The GPU passed through, when its vendor is in the GPU table (src/model/gpu.ts). @default - none */
  readonly gpu?: Gpu;
  /** Move the VM in place when its host changes (bpg `migrate`). */
  readonly migrate: boolean;
  /** OS source of a stand-alone VM (cluster nodes and templates get theirs from their construct). */
  readonly os?: OsSource;
}

export interface TalosPatches {
  readonly all: readonly Record<string, unknown>[];
  readonly controlPlane: readonly Record<string, unknown>[];
  readonly worker: readonly Record<string, unknown>[];
}

export interface TalosNode {
  readonly role: 'controlplane' | 'worker';
  readonly vm: Vm;
  /** Address Terraform talks to (NIC 0). */
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly patches: readonly Record<string, unknown>[];
  /** Image-factory extensions of the node's image, sorted. */
  readonly extensions: readonly string[];
}

export interface TalosCluster {
  readonly name: string;
  readonly path: string;
  readonly talosVersion: string;
  readonly kubernetesVersion: string;
  readonly vip?: string;
  /** Host of the API endpoint. */
  readonly endpointHost: string;
  /** `https://<host>:6443`. */
  readonly clusterEndpoint: string;
  readonly controlPlanes: readonly TalosNode[];
  readonly workers: readonly TalosNode[];
  readonly cni: 'flannel' | 'none';
  readonly kubeProxy: boolean;
  readonly kubePrismPort: number;
  readonly allowSchedulingOnControlPlanes: boolean;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly nameservers: readonly string[];
  readonly patches: TalosPatches;
  readonly kubeconfigPath: string;
  readonly talosconfigPath: string;
  readonly imageFactoryUrl: string;
  readonly imageDatastore: string;
  /** Storage engines that need node support (extensions, mounts, hugepages). */
  readonly storage: { readonly longhorn: boolean; readonly mayastor: boolean };
  /** What runs on the cluster, when the profile has a `gitops` section. */
  readonly gitops?: GitOps;
}

export interface Lab {
  readonly name: string;
  readonly proxmox: {
    readonly endpoint: string;
    readonly insecure: boolean;
    readonly sshUser: string;
    readonly clusterName?: string;
    /** PCI resource mappings by name (`proxmox.mappings`). */
    readonly mappings: ReadonlyMap<string, PciMapping>;
    /** The API-access bootstrap (stack `<lab>-access`), when the profile asks for it. */
    readonly access?: ProxmoxAccess;
    /** Who Terraform runs as (`root@pam`, `user@realm` or a token id `user@realm!token`). */
    readonly terraformUser: string;
  };
  /** Terraform backend of every stack. */
  readonly state: StateBackend;
  /** How the Terraform is split into stacks (src/model/split.ts). */
  readonly stacks: StackMode;
  readonly hosts: readonly Host[];
  /** Stand-alone VMs (not cluster nodes). */
  readonly vms: readonly Vm[];
  /** Talos clusters (`clusters.<name>` without `type` or with `type: talos`). */
  readonly clusters: readonly TalosCluster[];
  /** K3s clusters (`clusters.<name>` with `type: k3s`). */
  readonly k3sClusters: readonly K3sCluster[];
  /** Golden images and their template VMs. */
  readonly images: readonly GoldenImage[];
  /** LXC containers. */
  readonly containers: readonly Container[];
  /** Validation warnings the profile accepts, by rule id. */
  readonly acknowledge: readonly Acknowledgement[];
}

/** `stacks` of the profile: one stack, a stack per cluster, or a stack per Proxmox host. */
export type StackMode = 'single' | 'per-cluster' | 'per-host';

export interface Acknowledgement {
  /** Rule id, e.g. `HL-HW-007`. */
  readonly id: string;
  readonly reason: string;
}
