import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileError } from '../../../src/errors';
import { Host } from '../../../src/constructs/proxmox/host';
import { LxcContainer } from '../../../src/constructs/proxmox/lxc-container';
import { codeLab, PVE, synthJson } from '../../support/code-lab';

const TEMPLATE = 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst';

describe('LxcContainer (author props)', () => {
  it('resolves props like containers.<name> and exposes the resource for overrides', () => {
    const lab = codeLab();
    const pve = new Host(lab, 'pve', PVE);
    const ct = new LxcContainer(lab, 'dns', { vmId: 300, host: pve, template: TEMPLATE, disk: { storage: 'local-lvm' }, nics: [{ bridge: 'vmbr0', vlan: 20, address: '10.10.20.53' }] });
    ct.resource.addOverride('console.type', 'shell');
    const tf = synthJson(lab).resource.proxmox_virtual_environment_container.dns;
    assert.deepEqual([tf.vm_id, tf.node_name, tf.unprivileged, tf.operating_system.type, tf.console.type], [300, 'pve', true, 'debian', 'shell']);
    assert.equal(tf.network_interface[0].vlan_id, 20);
    assert.equal(lab.container('dns'), ct);
    assert.equal(LxcContainer.fromName(lab, 'dns'), ct);
  });

  it('rejects bad props and broken references with the construct path', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.throws(() => new LxcContainer(lab, 'dns', { vmId: 99, host: 'pve', template: TEMPLATE, disk: { storage: 'local-lvm' }, nics: [{ bridge: 'vmbr0' }] }),
      (err: unknown) => err instanceof ProfileError && err.problems.length === 1 && err.problems[0]!.path === 'media-lab/dns: vmId');
    assert.throws(() => new LxcContainer(lab, 'dhcp', { vmId: 300, host: 'pve', template: TEMPLATE, disk: { storage: 'tank' }, nics: [{ bridge: 'vmbr0' }] }),
      (err: unknown) => err instanceof ProfileError && err.problems[0]!.path === 'media-lab/dhcp: disk.storage' && /storage "tank" is not defined on host "pve"/.test(err.problems[0]!.message));
  });
});
