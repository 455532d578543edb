/**
 * Every default value of the model, in one place. Constructs document them with `@default` and read
 * them from here; the profile schema shows them to editors. No other file restates these numbers.
 * This module imports nothing, so the CLI can load it without cdktf.
 */

export const VM_DEFAULTS = {
  /** vCPU cores per socket. */
  cores: 2,
  sockets: 1,
  memoryMiB: 2048,
  /** QEMU CPU model; `host` is required for GPU passthrough and some guests. */
  cpuType: 'x86-64-v2-AES',
  /** NIC model. */
  nicModel: 'virtio',
  /** MTU of a NIC when neither the NIC nor its bridge sets one. */
  mtu: 1500,
  /** Disk bus for disks without an explicit interface. */
  diskBus: 'virtio',
  scsiHardware: 'virtio-scsi-single',
  machine: 'q35',
  bios: 'seabios',
  started: true,
  onBoot: true,
  /** QEMU guest agent enabled in Proxmox. */
  agent: true,
  operatingSystem: 'l26',
} as const;

export const NIC_DEFAULTS = {
  /** First octet of generated MACs: locally administered, unicast. */
  macPrefix: '02',
  /** Talos link alias of NIC n when the NIC has no `name`: `net0`, `net1`, ... */
  aliasPrefix: 'net',
} as const;

export const TALOS_DEFAULTS = {
  /** Talos version of the provider (siderolabs/talos 0.11 is built on Talos 1.13). */
  talosVersion: 'v1.13.0',
  kubernetesVersion: 'v1.33.6',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
  cni: 'flannel',
  kubeProxy: true,
  kubePrismPort: 7445,
  allowSchedulingOnControlPlanes: false,
  kubeconfigPath: 'generated/kubeconfig',
  talosconfigPath: 'generated/talosconfig',
  imageFactoryUrl: 'https://factory.talos.dev',
  /** Proxmox datastore that receives the Talos disk image (content type `iso`). */
  imageDatastore: 'local',
  /** Extensions every Talos node gets. */
  baseExtensions: ['siderolabs/qemu-guest-agent'],
  /** Extensions a node with an NVIDIA GPU gets. */
  nvidiaExtensions: ['siderolabs/nonfree-kmod-nvidia-production', 'siderolabs/nvidia-container-toolkit-production'],
  /** Kernel modules loaded on NVIDIA GPU nodes. */
  nvidiaKernelModules: ['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset'],
  controlPlaneCores: 2,
  controlPlaneMemoryMiB: 4096,
  workerCores: 4,
  workerMemoryMiB: 8192,
  /** OS disk of a Talos node. */
  osDiskGiB: 32,
  /** Talos reads its first IP from the Proxmox cloud-init drive (nocloud image). */
  platform: 'nocloud',
  architecture: 'amd64',
} as const;

export const PROXMOX_DEFAULTS = {
  apiPort: 8006,
  insecure: false,
  sshUser: 'root',
} as const;
