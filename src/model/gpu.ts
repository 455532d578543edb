/**
 * The GPU vendor table: everything a passed-through GPU implies, keyed by PCI vendor id. Every reader (Talos
 * image and patches, K3s packages and config, GitOps device plugin and app injection, validate rules) asks this
 * table; adding a vendor is one entry here plus its device-plugin objects.
 *
 * Decisions (sources named where they are facts):
 * - Talos extensions: siderolabs/extensions ships `drm/i915` and `drm/amdgpu` at v1.11.0, v1.12.0 and v1.13.0,
 *   and `drm/xe` from v1.12.0 on (not at v1.11.x). Each extension carries its kernel module and the firmware
 *   (drm/*\/pkg.yaml copies /usr/lib/firmware/{i915,xe,amdgpu}); udevd loads the module by PCI modalias, so unlike
 *   NVIDIA no `machine.kernel.modules` patch is needed.
 * - Microcode (`intel-ucode`, `amd-ucode`): firmware/amd-ucode/pkg.yaml (v1.12.0) copies only
 *   /usr/lib/firmware/amd-ucode, the CPU microcode. A KVM guest cannot apply CPU microcode (the Proxmox host
 *   loads it, package intel-microcode / amd64-microcode), and every node we make is a VM, so neither is added.
 * - Intel: both i915 and xe on Talos >= 1.12 (the kernel binds whichever driver claims the device id); the GPU
 *   plugin names its resource after the bound driver. Lunar Lake (0x64xx), Battlemage (0xe2xx) and Panther Lake
 *   (0xb0xx) are xe-only (include/drm/intel/pciids.h INTEL_LNL_IDS / INTEL_BMG_IDS / INTEL_PTL_IDS, not in i915's
 *   table): `gpu.intel.com/xe`; everything else (Arc A-series, iGPUs) is `gpu.intel.com/i915`.
 * - Ubuntu (K3s): i915/xe and amdgpu are in the `generic` kernel with their firmware (linux-firmware), so the
 *   device plugins need no package; VA-API/OpenCL/ROCm user space lives in the app's container image (Jellyfin,
 *   Ollama ship it). NVIDIA needs the driver and the container toolkit (see K3S_DEFAULTS).
 */
import { K3S_DEFAULTS, TALOS_DEFAULTS } from '../defaults';

export type GpuVendor = 'nvidia' | 'intel' | 'amd';

/** A GPU passed through to a VM, as the model stores it. */
export interface Gpu {
  readonly vendor: GpuVendor;
  /** `vendor:device` (lower case). */
  readonly id: string;
  /** Extended resource the vendor's device plugin announces for this card, e.g. `gpu.intel.com/i915`. */
  readonly resource: string;
}

/** Validate rules that apply to a vendor's GPU VMs. */
export type GpuRule = 'cpu-type-host' | 'q35' | 'time-slicing';

export interface GpuVendorInfo {
  readonly vendor: GpuVendor;
  /** PCI vendor id (lower-case hex). */
  readonly pciVendorId: string;
  /** Human name for messages. */
  readonly displayName: string;
  /** Talos image-factory extensions of a node with this GPU, for a Talos version (`v1.12.0`). */
  readonly talosExtensions: (talosVersion: string) => readonly string[];
  /** The Talos extension that drives a device (`vendor:device`); HL-HW-009 warns when the image lacks it. */
  readonly talosDriverExtension: (id: string) => string;
  /** Kernel modules Talos must load explicitly (`machine.kernel.modules`). */
  readonly talosKernelModules: readonly string[];
  /** Sysctls the vendor's Talos guide asks for. */
  readonly talosSysctls: Readonly<Record<string, string>>;
  /** Ubuntu packages of a K3s node with this GPU. */
  readonly ubuntuPackages: readonly string[];
  /** The node reboots once after cloud-init (a new kernel module replaces the in-tree one). */
  readonly rebootAfterInstall: boolean;
  /** containerd runtime / RuntimeClass the pods run with. */
  readonly runtimeClass?: string;
  /** Label every node with this GPU gets; the device plugin and GPU apps select on it. */
  readonly nodeLabel: readonly [string, string];
  /** Derived GitOps app that runs the vendor's device plugin. */
  readonly devicePluginApp: string;
  /** Extended resource for a device (`vendor:device`). */
  readonly resourceOf: (id: string) => string;
  readonly rules: readonly GpuRule[];
  /**
   * Proxmox host drivers that claim the card before vfio-pci (`homelab doctor`), and how to keep them off it:
   * `blacklist` (the host never needs them) or `softdep <driver> pre: vfio-pci` (the host may drive an iGPU of the
   * same vendor with them, e.g. an Intel or AMD iGPU next to the passed dGPU, so they must stay loadable).
   */
  readonly hostDrivers: readonly string[];
  readonly hostDriverFix: 'blacklist' | 'softdep';
}

const minor = (talosVersion: string): number => Number(/^v?1\.(\d+)/.exec(talosVersion)?.[1] ?? 99);

const XE_ONLY_PREFIXES = ['64', 'e2', 'b0'];
const isXeOnly = (id: string) => XE_ONLY_PREFIXES.some((p) => (id.split(':')[1] ?? '').toLowerCase().startsWith(p));

export const GPU_VENDORS: Readonly<Record<string, GpuVendorInfo>> = {
  '10de': {
    vendor: 'nvidia',
    pciVendorId: '10de',
    displayName: 'NVIDIA',
    talosExtensions: () => TALOS_DEFAULTS.nvidiaExtensions,
    talosDriverExtension: () => TALOS_DEFAULTS.nvidiaExtensions[0],
    talosKernelModules: TALOS_DEFAULTS.nvidiaKernelModules,
    // Talos NVIDIA guide: bpf_jit_harden 1 for the container toolkit's eBPF device filter.
    talosSysctls: { 'net.core.bpf_jit_harden': '1' },
    ubuntuPackages: K3S_DEFAULTS.nvidiaDriverPackages,
    rebootAfterInstall: true,
    runtimeClass: 'nvidia',
    nodeLabel: ['nvidia.com/gpu.present', 'true'],
    devicePluginApp: 'nvidia-device-plugin',
    resourceOf: () => 'nvidia.com/gpu',
    rules: ['cpu-type-host', 'q35', 'time-slicing'],
    hostDrivers: ['nouveau', 'nvidiafb'],
    hostDriverFix: 'blacklist',
  },
  '8086': {
    vendor: 'intel',
    pciVendorId: '8086',
    displayName: 'Intel',
    talosExtensions: (v) => (minor(v) >= 12 ? ['siderolabs/i915', 'siderolabs/xe'] : ['siderolabs/i915']),
    talosDriverExtension: (id) => (isXeOnly(id) ? 'siderolabs/xe' : 'siderolabs/i915'),
    talosKernelModules: [],
    talosSysctls: {},
    ubuntuPackages: [],
    rebootAfterInstall: false,
    nodeLabel: ['gpu.intel.com/present', 'true'],
    devicePluginApp: 'intel-gpu-plugin',
    resourceOf: (id) => (isXeOnly(id) ? 'gpu.intel.com/xe' : 'gpu.intel.com/i915'),
    rules: ['cpu-type-host', 'q35'],
    hostDrivers: ['i915', 'xe'],
    hostDriverFix: 'softdep',
  },
  '1002': {
    vendor: 'amd',
    pciVendorId: '1002',
    displayName: 'AMD',
    talosExtensions: () => ['siderolabs/amdgpu'],
    talosDriverExtension: () => 'siderolabs/amdgpu',
    talosKernelModules: [],
    talosSysctls: {},
    ubuntuPackages: [],
    rebootAfterInstall: false,
    // The label node-feature-discovery sets for a display controller of vendor 1002, which the amd-gpu chart
    // selects on by default; kubelets may set labels under *.node.kubernetes.io (NodeRestriction).
    nodeLabel: ['feature.node.kubernetes.io/pci-0300_1002.present', 'true'],
    devicePluginApp: 'amd-gpu-device-plugin',
    resourceOf: () => 'amd.com/gpu',
    rules: ['cpu-type-host', 'q35'],
    hostDrivers: ['amdgpu', 'radeon'],
    hostDriverFix: 'softdep',
  },
};

/** The table entry of a vendor name. */
export function vendorInfo(vendor: GpuVendor): GpuVendorInfo {
  return Object.values(GPU_VENDORS).find((v) => v.vendor === vendor)!;
}

/** The vendor names, for messages and the profile schema. */
export const GPU_VENDOR_NAMES: readonly GpuVendor[] = ['nvidia', 'intel', 'amd'];

/**
 * The GPU among a VM's passthrough devices: the first `kind: gpu` whose vendor the table knows. A GPU without a
 * known vendor id gets no driver (HL-HW-011 warns).
 */
export function gpuOf(pci: readonly { readonly kind: string; readonly id?: string }[]): Gpu | undefined {
  for (const p of pci) {
    if (p.kind !== 'gpu' || !p.id) continue;
    const id = p.id.toLowerCase();
    const info = GPU_VENDORS[id.split(':')[0]!];
    if (info) return { vendor: info.vendor, id, resource: info.resourceOf(id) };
  }
  return undefined;
}

/** The table entry of a `vendor:device` id, when the vendor is known. */
export const vendorOfId = (id: string | undefined): GpuVendorInfo | undefined => (id ? GPU_VENDORS[id.toLowerCase().split(':')[0]!] : undefined);

/** Info of a VM's GPU, if it has one. */
export const gpuInfoOf = (vm: { readonly gpu?: Gpu }): GpuVendorInfo | undefined => (vm.gpu ? vendorInfo(vm.gpu.vendor) : undefined);
