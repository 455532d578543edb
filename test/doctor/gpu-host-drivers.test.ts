import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepDriversOff } from '../../src/doctor/checks/pci';

describe('doctor: vendor-specific host drivers of a passed GPU', () => {
  it('blacklists nouveau (and the bound driver) for NVIDIA', () => {
    assert.equal(keepDriversOff({ kind: 'gpu', id: '10de:1bb1' }, 'nouveau'),
      ', echo "blacklist nouveau" >> /etc/modprobe.d/blacklist.conf, echo "blacklist nvidiafb" >> /etc/modprobe.d/blacklist.conf');
  });

  it('uses softdep for Intel and AMD, so an iGPU of the same vendor keeps its host driver', () => {
    assert.equal(keepDriversOff({ kind: 'gpu', id: '8086:56a5' }, undefined),
      ', echo "softdep i915 pre: vfio-pci" >> /etc/modprobe.d/vfio.conf, echo "softdep xe pre: vfio-pci" >> /etc/modprobe.d/vfio.conf');
    assert.match(keepDriversOff({ kind: 'gpu', id: '1002:744c' }, 'amdgpu'), /softdep amdgpu pre: vfio-pci.*softdep radeon pre: vfio-pci/);
    assert.doesNotMatch(keepDriversOff({ kind: 'gpu', id: '1002:744c' }, 'amdgpu'), /blacklist/);
  });

  it('blacklists only the bound driver of other devices, and says nothing when none is bound', () => {
    assert.equal(keepDriversOff({ kind: 'audio', id: '10de:10f0' }, 'snd_hda_intel'), ', echo "blacklist snd_hda_intel" >> /etc/modprobe.d/blacklist.conf');
    assert.equal(keepDriversOff({ kind: 'hba', id: '1000:0097' }, undefined), '');
  });
});
