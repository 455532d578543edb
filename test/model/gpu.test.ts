import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gpuOf, GPU_VENDORS, vendorInfo } from '../../src/model/gpu';

describe('GPU vendor table', () => {
  it('knows the vendor of a GPU by its PCI vendor id, and ignores other kinds and GPUs without an id', () => {
    assert.deepEqual(gpuOf([{ kind: 'gpu', id: '10DE:2684' }]), { vendor: 'nvidia', id: '10de:2684', resource: 'nvidia.com/gpu' });
    assert.deepEqual(gpuOf([{ kind: 'audio', id: '10de:22ba' }, { kind: 'gpu', id: '1002:744c' }]), { vendor: 'amd', id: '1002:744c', resource: 'amd.com/gpu' });
    assert.equal(gpuOf([{ kind: 'gpu' }]), undefined);
    assert.equal(gpuOf([{ kind: 'gpu', id: '1a03:2000' }]), undefined);
    assert.equal(gpuOf([{ kind: 'nic', id: '8086:1572' }]), undefined);
  });

  it('names the Intel resource after the driver that binds the card: xe for Lunar Lake, Battlemage and Panther Lake', () => {
    // include/drm/intel/pciids.h: INTEL_BMG_IDS 0xE20B (B580), INTEL_LNL_IDS 0x64A0, INTEL_PTL_IDS 0xB080; Arc A380 0x56A5 is DG2 (i915).
    assert.equal(gpuOf([{ kind: 'gpu', id: '8086:56a5' }])!.resource, 'gpu.intel.com/i915');
    assert.equal(gpuOf([{ kind: 'gpu', id: '8086:4680' }])!.resource, 'gpu.intel.com/i915');
    assert.equal(gpuOf([{ kind: 'gpu', id: '8086:e20b' }])!.resource, 'gpu.intel.com/xe');
    assert.equal(gpuOf([{ kind: 'gpu', id: '8086:64A0' }])!.resource, 'gpu.intel.com/xe');
    assert.equal(gpuOf([{ kind: 'gpu', id: '8086:b080' }])!.resource, 'gpu.intel.com/xe');
  });

  it('gives each vendor its Talos extensions per version: xe only from Talos 1.12, no CPU microcode in a VM', () => {
    // siderolabs/extensions: drm/xe exists at v1.12.0 and v1.13.0, not at v1.11.x; drm/i915 and drm/amdgpu at all three.
    assert.deepEqual(vendorInfo('intel').talosExtensions('v1.11.6'), ['siderolabs/i915']);
    assert.deepEqual(vendorInfo('intel').talosExtensions('v1.12.0'), ['siderolabs/i915', 'siderolabs/xe']);
    assert.deepEqual(vendorInfo('intel').talosExtensions('v1.13.0'), ['siderolabs/i915', 'siderolabs/xe']);
    assert.deepEqual(vendorInfo('amd').talosExtensions('v1.13.0'), ['siderolabs/amdgpu']);
    assert.deepEqual(vendorInfo('nvidia').talosExtensions('v1.13.0'), ['siderolabs/nonfree-kmod-nvidia-production', 'siderolabs/nvidia-container-toolkit-production']);
    for (const v of Object.values(GPU_VENDORS)) {
      assert.ok(!v.talosExtensions('v1.13.0').some((e) => e.endsWith('-ucode')), `${v.vendor}: microcode is the host's job`);
    }
  });

  it('keeps runtime class, kernel modules and driver packages NVIDIA-only', () => {
    assert.equal(vendorInfo('nvidia').runtimeClass, 'nvidia');
    assert.equal(vendorInfo('intel').runtimeClass, undefined);
    assert.equal(vendorInfo('amd').runtimeClass, undefined);
    assert.deepEqual([vendorInfo('intel').talosKernelModules, vendorInfo('amd').talosKernelModules, vendorInfo('intel').ubuntuPackages, vendorInfo('amd').ubuntuPackages], [[], [], [], []]);
    assert.deepEqual(vendorInfo('nvidia').talosKernelModules, ['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset']);
  });
});
