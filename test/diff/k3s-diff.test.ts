import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from '../../src/diff/diff';
import { isIgnored } from '../../src/diff/lifecycle';
import { diffStack } from '../../src/diff/tf-diff';
import { diffFixtures } from './support';

const VM = 'proxmox_virtual_environment_vm';
const FILE = 'proxmox_virtual_environment_file';

describe('homelab diff of K3s clusters (first-boot user-data, in-place upgrades)', () => {
  it('shows a k3sVersion change as UPGRADE (in place) per node and the new Plans, with no REPLACE', async () => {
    const r = await diffFixtures('k3s-base', 'k3s-version');
    const s = r.stacks.find((x) => x.name === 'k3s')!;
    assert.deepEqual(s.objects, []);
    assert.deepEqual(s.summary, { added: 0, changed: 0, replaced: 0, destroyed: 0 });
    assert.ok(!s.flags.some((f) => f.kind === 'replace' || f.kind === 'destroy'));
    assert.deepEqual(s.flags.map((f) => [f.kind, f.address]), ['a1', 's1', 's2', 's3'].map((n) => ['in-place-upgrade', `${FILE}.${n}-user-data`]));
    assert.match(s.flags[0]!.message, /^K3s v1\.33\.6\+k3s1 -> v1\.34\.2\+k3s1 on node a1: upgraded in place/);
    const plans = r.clusters.find((c) => c.name === 'k3s')!.objects;
    assert.deepEqual(plans.map((o) => o.key), ['upgrade.cattle.io/v1/Plan/system-upgrade/k3s-agent', 'upgrade.cattle.io/v1/Plan/system-upgrade/k3s-server']);
    assert.deepEqual(plans.map((o) => [o.action, o.changes.map((c) => [c.path, c.after])]), [
      ['update', [['spec.version', 'v1.34.2+k3s1']]], ['update', [['spec.version', 'v1.34.2+k3s1']]],
    ]);
    assert.equal(r.changed, true);
    const text = render(r, 'text').join('\n');
    assert.match(text, /^! UPGRADE \(in place\) proxmox_virtual_environment_file\.s1-user-data: K3s v1\.33\.6\+k3s1 -> v1\.34\.2\+k3s1/m);
    assert.doesNotMatch(text, /REPLACE/);
  });

  it('shows another user-data change as FIRST BOOT ONLY, without touching the VMs', async () => {
    const s = (await diffFixtures('k3s-base', 'k3s-ssh-key')).stacks.find((x) => x.name === 'k3s')!;
    assert.deepEqual(s.objects, []);
    assert.deepEqual([...new Set(s.flags.map((f) => f.kind))], ['first-boot']);
    assert.equal(s.flags.length, 4);
  });

  it('ignores changes under lifecycle.ignore_changes and refuses to cascade a replacement through them', () => {
    const body = (file: string, content: string, ignore: boolean) => ({
      resource: {
        [FILE]: { f: { content_type: 'snippets', datastore_id: file, node_name: 'pve', source_raw: { data: content, file_name: 'f.yaml' } } },
        [VM]: { vm: { node_name: 'pve', vm_id: 900, initialization: { user_data_file_id: `\${${FILE}.f.id}` }, ...(ignore ? { lifecycle: { ignore_changes: ['initialization[0].user_data_file_id'] } } : {}) } },
      },
    });
    // the snippet moves to another datastore (ForceNew): without ignore_changes the VM is replaced through its reference
    const replaced = diffStack('x', body('local', 'a', false), body('nfs', 'a', false));
    assert.deepEqual(replaced.objects.map((o) => [o.address, o.action]), [[`${FILE}.f`, 'replace'], [`${VM}.vm`, 'replace']]);
    const kept = diffStack('x', body('local', 'a', true), body('nfs', 'a', true));
    assert.deepEqual(kept.objects.map((o) => [o.address, o.action]), [[`${FILE}.f`, 'replace']]);
    assert.equal(isIgnored({ lifecycle: { ignore_changes: ['source_raw[0].data'] } }, 'source_raw[0].data'), true);
    assert.equal(isIgnored({ lifecycle: { ignore_changes: ['source_raw[0].data'] } }, 'source_raw[0].file_name'), false);
    assert.equal(isIgnored({ lifecycle: { ignore_changes: ['disk[0].file_id'] } }, 'disk[1].file_id'), false, 'an indexed entry names one element');
    assert.equal(isIgnored({ lifecycle: { ignore_changes: ['tags'] } }, 'tags[2]'), true);
    assert.equal(isIgnored({ lifecycle: { ignore_changes: 'all' } }, 'memory.dedicated'), true);
  });
});
