import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Host } from '../../../src/constructs/proxmox/host';
import { codeLab, PVE, PVE2, synthJson, problemsOf } from '../../support/code-lab';




describe('Host', () => {
  it('resolves props like hosts.<name>, creates no resource and is found by name', () => {
    const lab = codeLab();
    const pve = new Host(lab, 'pve', PVE);
    new Host(lab, 'pve2', { ...PVE2, storage: { nfs: { type: 'nfs', content: ['images'] } } });
    assert.deepEqual([pve.key, pve.host.nodeName, pve.host.endpoint, pve.host.sshPort], ['pve', 'pve', 'https://10.10.0.10:8006/', 22]);
    assert.equal(Host.fromName(lab, 'pve'), pve);
    assert.equal(lab.host('pve'), pve);
    // Shared storage declared on one host is every host's, as in a profile.
    assert.deepEqual([...lab.model.hosts[0]!.storage.keys()], ['local', 'local-lvm', 'nfs']);
    assert.equal(synthJson(lab).resource, undefined);
  });

  it('rejects bad props with the construct path, and a missing host lists the known ones', () => {
    const lab = codeLab();
    new Host(lab, 'pve', PVE);
    assert.deepEqual(problemsOf(() => new Host(lab, 'pve2', { ...PVE2, address: '10.10.0.300', cpuThreads: 0 })),
      ['media-lab/pve2: address: must be an IPv4 address such as 10.10.0.10 (got "10.10.0.300")', 'media-lab/pve2: cpuThreads: Too small: expected number to be >0 (got 0)']);
    assert.deepEqual(problemsOf(() => Host.fromName(lab, 'pve3')), ['media-lab: no host named "pve3" in the lab']);
    assert.throws(() => Host.fromName(lab, 'pve3'), /fix: use one of pve$/);
    assert.deepEqual(problemsOf(() => new Host(lab, 'again', { ...PVE, name: 'pve' })), ['media-lab/again: the lab already has a host named "pve" (media-lab/pve)']);
  });
});
