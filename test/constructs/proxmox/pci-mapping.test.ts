import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/errors';
import { Host } from '../../../src/constructs/proxmox/host';
import { PciMapping } from '../../../src/constructs/proxmox/pci-mapping';
import { codeLab, PVE, synthJson } from '../../support/code-lab';

describe('PciMapping (author props)', () => {
  it('resolves props like proxmox.mappings.<name> from the host\'s device', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    const m = new PciMapping(lab, 'gpu', { map: [{ host: 'pve', device: 'p4000' }] });
    const tf = synthJson(lab).resource.proxmox_hardware_mapping_pci.gpu;
    assert.deepEqual(tf.map, [{ node: 'pve', path: '0000:0d:00', id: '10de:1bb1', iommu_group: 14, subsystem_id: '10de:11a3' }]);
    assert.equal(m.mapping.kind, 'gpu');
    assert.equal(lab.mapping('gpu'), m);
    assert.equal(PciMapping.fromName(lab, 'gpu'), m);
  });

  it('rejects an entry with both device and address, and a device the host lacks', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.throws(() => new PciMapping(lab, 'gpu', { map: [{ host: 'pve', device: 'p4000', address: '0000:0d:00' }] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/gpu: map[0]' && /exactly one of device or address/.test(err.problems[0]!.message));
    assert.throws(() => new PciMapping(lab, 'nic', { map: [{ host: 'pve', device: 'x710' }] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/nic: map[0].device');
  });
});
