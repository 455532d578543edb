import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageVariants } from '../../src/constructs/talos/image-variants';
import type { TalosNode } from '../../src/model/types';

const node = (name: string, extensions: string[], gpu?: 'nvidia' | 'intel'): TalosNode =>
  ({ role: 'worker', vm: { name, gpu: gpu && { vendor: gpu, id: '', resource: '' } }, address: '', labels: {}, patches: [], extensions }) as unknown as TalosNode;

describe('Talos image variants', () => {
  it('keeps the names standard and nvidia for the sets clusters had, one variant per distinct set', () => {
    const v = imageVariants([node('cp', ['a']), node('w1', ['a', 'n'], 'nvidia'), node('w2', ['a', 'n'], 'nvidia'), node('w3', ['a', 'i'], 'intel')]);
    assert.deepEqual([...v.members.keys()], ['intel', 'nvidia', 'standard']);
    assert.deepEqual(v.members.get('nvidia')!.map((n) => n.vm.name), ['w1', 'w2']);
  });

  it('gives two sets of one vendor stable hashed names, so no node boots another node\'s image', () => {
    const nodes = [node('cp', ['a']), node('w1', ['a', 'n'], 'nvidia'), node('w2', ['a', 'l', 'n'], 'nvidia')];
    const v = imageVariants(nodes);
    const names = [...v.members.keys()];
    assert.equal(names.length, 3);
    assert.ok(names.includes('standard'));
    const hashed = names.filter((n) => n.startsWith('nvidia-'));
    assert.equal(hashed.length, 2);
    for (const n of hashed) assert.match(n, /^nvidia-[0-9a-f]{8}$/);
    assert.notEqual(v.byNode.get(nodes[1]!), v.byNode.get(nodes[2]!));
    assert.deepEqual([...imageVariants([...nodes].reverse()).members.keys()], names, 'names do not depend on node order');
  });
});
