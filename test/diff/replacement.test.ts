import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FROM_NOTES, providerSchemaFile, replacementRules, resourceFlags } from '../../src/diff/replacement';
import { compareValues } from '../../src/diff/values';

const VM = 'proxmox_virtual_environment_vm';
const flags = (type: string, before: object, after: object) =>
  resourceFlags(type, `${type}.x`, before, after, compareValues(before, after)).map((f) => [f.kind, f.paths?.join(','), f.message]);

describe('replacement data (schemas/providers/replacement.json)', () => {
  it('loads the vendored data, whose types and FROM_NOTES paths exist in the provider schema', () => {
    const rules = replacementRules();
    assert.ok(rules[VM]!.force_new.includes('disk.file_id'));
    const schema = JSON.parse(readFileSync(providerSchemaFile('homelab-subset.json'), 'utf8'));
    const types = Object.values<any>(schema.provider_schemas).flatMap((p) => Object.keys(p.resource_schemas ?? {}));
    for (const type of Object.keys(FROM_NOTES)) {
      assert.ok(types.includes(type), type);
      assert.ok(rules[type]?.notes, `${type} has notes to cite`);
      const block = Object.values<any>(schema.provider_schemas).find((p) => p.resource_schemas?.[type]).resource_schemas[type].block;
      for (const rule of FROM_NOTES[type]!) {
        const [head, leaf] = rule.path.split('.');
        const b = leaf ? block.block_types?.[head!]?.block ?? block.attributes?.[head!]?.nested_type : block;
        assert.ok(b && (b.attributes?.[leaf ?? head!] || b.block_types?.[leaf ?? head!]), `${type}.${rule.path} exists`);
      }
    }
  });

  it('replaces on a force_new path, and on vm_id (force_new_if, any change)', () => {
    assert.deepEqual(flags(VM, { disk: [{ file_id: 'a' }] }, { disk: [{ file_id: 'b' }] }), [['replace', 'disk[0].file_id', 'disk.file_id forces replacement']]);
    assert.equal(flags(VM, { vm_id: 1 }, { vm_id: 2 })[0]![0], 'replace');
  });

  it('replaces on node_name unless migrate is true', () => {
    assert.deepEqual(flags(VM, { node_name: 'a' }, { node_name: 'b' }).map((f) => f[0]), ['replace']);
    assert.deepEqual(flags(VM, { node_name: 'a', migrate: true }, { node_name: 'b', migrate: true }).map((f) => f[0]), ['migrate']);
  });

  it('replaces talos_machine_secrets only when talos_version is lowered', () => {
    assert.deepEqual(flags('talos_machine_secrets', { talos_version: 'v1.13.0' }, { talos_version: 'v1.12.5' }).map((f) => f[0]), ['replace']);
    assert.deepEqual(flags('talos_machine_secrets', { talos_version: 'v1.12.5' }, { talos_version: 'v1.13.0' }), []);
  });

  it('replaces on a changed TPM version or EFI type, not when the block is added', () => {
    assert.equal(flags(VM, { tpm_state: { version: 'v1.2' } }, { tpm_state: { version: 'v2.0' } })[0]![0], 'replace');
    assert.equal(flags(VM, { efi_disk: { type: '2m' } }, { efi_disk: { type: '4m' } })[0]![0], 'replace');
    assert.deepEqual(flags(VM, {}, { tpm_state: { version: 'v2.0' } }).map((f) => f[0]), ['reboot']);
  });

  it('flags what only the notes say: disk interface loses data, a shrink fails, a datastore move shuts the VM down', () => {
    const disk = (d: object) => ({ disk: [{ interface: 'virtio1', datastore_id: 'a', size: 10, ...d }] });
    assert.deepEqual(flags(VM, disk({}), disk({ interface: 'scsi1' })).map((f) => f[0]), ['data-loss']);
    assert.deepEqual(flags(VM, disk({}), disk({ size: 5 })).map((f) => f[0]), ['fails']);
    assert.deepEqual(flags(VM, disk({}), disk({ size: 20 })), []);
    assert.deepEqual(flags(VM, disk({}), disk({ datastore_id: 'b' })).map((f) => f[0]), ['reboot']);
  });

  it('lists in-place changes that reboot (reboots / reboots_if)', () => {
    assert.deepEqual(flags(VM, { bios: 'seabios' }, { bios: 'ovmf' }).map((f) => f[0]), ['reboot']);
    assert.match(String(flags(VM, { cpu: { cores: 2 } }, { cpu: { cores: 4 } })[0]![2]), /may reboot \(reboot flag set when: !onlyHotpluggableChange\)/);
    assert.deepEqual(flags(VM, { name: 'a' }, { name: 'b' }), []);
  });
});
