import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderText } from '../../src/diff/render-text';
import { diffStack } from '../../src/diff/tf-diff';
import { compareValues, lineDiff } from '../../src/diff/values';

const vm = (extra: Record<string, unknown>) => ({
  '//': { metadata: { path: 'x' } },
  name: 'app',
  node_name: 'pve',
  vm_id: 300,
  disk: [{ interface: 'virtio0', datastore_id: 'local-lvm', size: 32 }],
  ...extra,
});
const doc = (extra: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({
  resource: { proxmox_virtual_environment_vm: { app: vm(extra) } },
  ...more,
});

describe('Terraform comparison (pure)', () => {
  it('ignores cdktf metadata and treats null as unset', () => {
    const before = doc({ '//': { metadata: { path: 'old' } }, description: null });
    assert.deepEqual(diffStack('s', before, doc()).objects, []);
  });

  it('names list elements with [i] and reports added elements whole', () => {
    assert.deepEqual(compareValues({ disk: [{ size: 1 }] }, { disk: [{ size: 2 }, { size: 3 }] }), [
      { path: 'disk[0].size', before: 1, after: 2 },
      { path: 'disk[1]', after: { size: 3 } },
    ]);
  });

  it('masks attributes the provider schema marks sensitive, also inside a whole new block', () => {
    const before = doc({ initialization: { user_account: { username: 'ops', password: 'old-secret' } } });
    const after = doc({ initialization: { user_account: { username: 'ops', password: 'new-secret' } } });
    const s = diffStack('s', before, after);
    assert.deepEqual(s.objects[0]!.changes, [{ path: 'initialization.user_account.password', before: '(sensitive)', after: '(sensitive)', sensitive: true }]);
    const added = diffStack('s', doc(), doc({ initialization: { user_account: { username: 'ops', password: 'p4ss' } } }));
    assert.deepEqual(added.objects[0]!.changes, [{ path: 'initialization', after: { user_account: { password: '(sensitive)', username: 'ops' } }, sensitive: true }]);
    const text = renderText({ profile: 'p', base: 'b', changed: true, notes: [], stacks: [s, added], changedStacks: ['s'], clusters: [] }).join('\n');
    assert.doesNotMatch(text, /secret|p4ss/);
  });

  it('masks sensitive provider attributes and the value of sensitive outputs', () => {
    const before = { provider: { proxmox: [{ endpoint: 'https://a', api_token: 'tok-1' }] }, output: { kc: { sensitive: true, value: 'k1' }, ep: { value: 'a' } } };
    const after = { provider: { proxmox: [{ endpoint: 'https://a', api_token: 'tok-2' }] }, output: { kc: { sensitive: true, value: 'k2' }, ep: { value: 'b' } } };
    const s = diffStack('s', before, after);
    assert.deepEqual(s.objects.map((o) => [o.address, o.changes]), [
      ['output.ep', [{ path: 'value', before: 'a', after: 'b' }]],
      ['output.kc', [{ path: 'value', before: '(sensitive)', after: '(sensitive)', sensitive: true }]],
      ['provider.proxmox', [{ path: 'api_token', before: '(sensitive)', after: '(sensitive)', sensitive: true }]],
    ]);
  });

  it('counts added, changed, replaced and destroyed objects; removed data sources are neither destroys nor changes', () => {
    const before = { resource: { proxmox_virtual_environment_vm: { a: vm({}), b: vm({ vm_id: 301 }) } }, data: { talos_client_configuration: { c: { cluster_name: 'x' } } } };
    const after = { resource: { proxmox_virtual_environment_vm: { a: vm({ vm_id: 310 }), n: vm({ vm_id: 302 }) } } };
    const s = diffStack('s', before, after);
    assert.deepEqual(s.summary, { added: 1, changed: 0, replaced: 1, destroyed: 1 });
    assert.deepEqual(s.flags.map((f) => [f.kind, f.address]), [
      ['destroy', 'proxmox_virtual_environment_vm.b'],
      ['replace', 'proxmox_virtual_environment_vm.a'],
    ]);
  });

  it('flags a new talos_machine_secrets and a changed cluster endpoint as cluster reset risks', () => {
    const cfg = (endpoint: string) => ({ data: { talos_machine_configuration: { n1: { cluster_endpoint: endpoint, config_patches: ['machine:\n  install:\n    disk: /dev/vda\n'] } } } });
    const s = diffStack('s', { ...cfg('https://10.0.0.1:6443'), resource: { talos_machine_secrets: { c: { talos_version: 'v1.13.0' } } } }, cfg('https://10.0.0.2:6443'));
    assert.deepEqual(s.flags.map((f) => [f.kind, f.severity, f.address]), [
      ['destroy', 'high', 'talos_machine_secrets.c'],
      ['cluster-reset', 'high', 'data.talos_machine_configuration.n1'],
      ['cluster-reset', 'high', 'talos_machine_secrets.c'],
    ]);
    const disk = diffStack('s', cfg('e'), { data: { talos_machine_configuration: { n1: { cluster_endpoint: 'e', config_patches: ['machine:\n  install:\n    disk: /dev/sda\n'] } } } });
    assert.deepEqual(disk.flags.map((f) => [f.kind, f.severity, f.message]), [['upgrade', 'medium', 'machine.install.disk (used at the next install or upgrade) /dev/vda -> /dev/sda for node n1']]);
  });

  it('raising talos_version of the secrets is in place (no flag); lowering it replaces them (cluster reset)', () => {
    // terraform-provider-talos v0.11.0 talos_machine_secrets_resource.go:540 (replacement.json)
    const sec = (v: string) => ({ resource: { talos_machine_secrets: { c: { talos_version: v } } } });
    assert.deepEqual(diffStack('s', sec('v1.12.4'), sec('v1.13.0')).flags, []);
    assert.deepEqual(diffStack('s', sec('v1.13.0'), sec('v1.12.4')).flags.map((f) => f.kind), ['replace', 'cluster-reset']);
  });

  it('leaves out what lifecycle.ignore_changes ignores, and the lifecycle block itself', () => {
    const vm = (file: string, lifecycle?: object) => ({ resource: { proxmox_virtual_environment_vm: { a: { disk: [{ file_id: file, size: 32 }], ...(lifecycle ? { lifecycle } : {}) } } } });
    const s = diffStack('s', vm('old'), vm('new', { ignore_changes: ['disk[0].file_id'] }));
    assert.deepEqual(s.objects, []);
    assert.deepEqual(diffStack('s', vm('old'), vm('new')).objects.map((o) => o.action), ['replace']);
  });

  it('a Talos 1.11 -> 1.12 bump fails if applied before the nodes are upgraded (network documents)', () => {
    const cfg = (v: string) => ({ data: { talos_machine_configuration: { n1: { cluster_name: 'c', talos_version: v } } } });
    assert.deepEqual(diffStack('s', cfg('v1.11.6'), cfg('v1.12.4')).flags.map((f) => f.kind), ['fails', 'upgrade']);
    assert.deepEqual(diffStack('s', cfg('v1.12.4'), cfg('v1.13.0')).flags.map((f) => f.kind), ['upgrade']);
  });

  it('shows Talos patch changes per document and field, not as bare lines', () => {
    const cfg = (mtu: number, extra = '') => ({ data: { talos_machine_configuration: { n1: { cluster_endpoint: 'e', config_patches: [
      `machine:\n  install:\n    disk: /dev/vda\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: net0\nmtu: 1500\n---\napiVersion: v1alpha1\nkind: LinkConfig\nname: net1\nmtu: ${mtu}\n${extra}`,
    ] } } } });
    const s = diffStack('s', cfg(1500), cfg(9000));
    assert.deepEqual(s.objects[0]!.changes, [{ path: 'config_patches[0].{LinkConfig net1}.mtu', before: 1500, after: 9000 }]);
    const added = diffStack('s', cfg(1500), cfg(1500, '---\napiVersion: v1alpha1\nkind: DHCPv4Config\nname: net1\n'));
    assert.deepEqual(added.objects[0]!.changes.map((c) => c.path), ['config_patches[0].{DHCPv4Config net1}']);
  });

  it('diffs multi-line strings line by line', () => {
    assert.deepEqual(lineDiff('a\nb\nc', 'a\nB\nc\nd'), ['- b', '+ B', '+ d']);
  });
});
