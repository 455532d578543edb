/**
 * Talos image variants: one per distinct sorted extension set, so every node boots an image with exactly its
 * own extensions. The variant name is part of Terraform addresses (`image-<variant>`, `<cluster>-<variant>`), so
 * it must stay stable: the set without GPU extensions is `standard`, a set with one vendor's GPU extensions is the
 * vendor (`nvidia`, `intel`, `amd`, the names clusters had before), and when two sets would share a name each
 * of them gets `-<hash>` (8 hex digits of the SHA-256 of the sorted set) appended.
 */
import { createHash } from 'node:crypto';
import { gpuInfoOf } from '../../model/gpu';
import type { TalosNode } from '../../model/types';

export interface ImageVariants {
  /** Variant name -> its nodes, names sorted. */
  readonly members: ReadonlyMap<string, readonly TalosNode[]>;
  readonly byNode: ReadonlyMap<TalosNode, string>;
}

const setKey = (node: TalosNode) => [...node.extensions].sort().join('\n');

export function imageVariants(nodes: readonly TalosNode[]): ImageVariants {
  const sets = new Map<string, TalosNode[]>();
  for (const n of nodes) sets.set(setKey(n), [...(sets.get(setKey(n)) ?? []), n]);
  const baseName = (members: readonly TalosNode[]) => gpuInfoOf(members[0]!.vm)?.vendor ?? 'standard';
  const counts = new Map<string, number>();
  for (const members of sets.values()) counts.set(baseName(members), (counts.get(baseName(members)) ?? 0) + 1);
  const members = new Map<string, TalosNode[]>();
  const byNode = new Map<TalosNode, string>();
  for (const [key, group] of sets) {
    const base = baseName(group);
    const name = counts.get(base)! > 1 ? `${base}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}` : base;
    members.set(name, group);
    for (const n of group) byNode.set(n, name);
  }
  return { members: new Map([...members].sort(([a], [b]) => a.localeCompare(b))), byNode };
}
