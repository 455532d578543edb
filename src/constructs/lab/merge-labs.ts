/**
 * One lab from the models of its stacks: a lab split into stacks (src/model/split.ts) assembles a part in each
 * LabStack; the inventory, synth's result and the whole-lab checks read the lab as a whole. No cdktf.
 */
import type { Lab } from '../../model/types';

const byName = <T extends { readonly name: string }>(items: readonly T[]): T[] => {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
};

/** The parts' entities together, in resolveLab's order (by name); hosts and lab-wide settings (alike in every part) from the first. */
export function mergeLabs(parts: readonly Lab[]): Lab {
  if (parts.length === 1) return parts[0]!;
  const [first] = parts;
  return {
    ...first!,
    proxmox: { ...first!.proxmox, mappings: new Map(parts.flatMap((p) => [...p.proxmox.mappings])) },
    vms: byName(parts.flatMap((p) => p.vms)),
    clusters: byName(parts.flatMap((p) => p.clusters)),
    k3sClusters: byName(parts.flatMap((p) => p.k3sClusters)),
    images: byName(parts.flatMap((p) => p.images)),
    containers: byName(parts.flatMap((p) => p.containers)),
  };
}
