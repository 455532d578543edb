/**
 * Resources that leave one stack and appear in another with the same address: what switching `stacks:`
 * (single / per-cluster / per-host) does. Terraform sees a destroy in one state and a create in the other
 * unless the state moves first; `moved` blocks cannot cross states, so the move is a state operation.
 */
import type { StackDiff } from './tf-diff';

export interface StackMove {
  readonly from: string;
  readonly to: string;
  /** Resource addresses, sorted. */
  readonly addresses: readonly string[];
}

/** Moves between stacks, grouped by (from, to), in name order. */
export function stackMoves(stacks: readonly StackDiff[]): StackMove[] {
  const deleted = new Map<string, string>();
  for (const s of stacks) for (const o of s.objects) if (o.kind === 'resource' && o.action === 'delete') deleted.set(o.address, s.name);
  const groups = new Map<string, { from: string; to: string; addresses: string[] }>();
  for (const s of stacks) {
    for (const o of s.objects) {
      const from = o.kind === 'resource' && o.action === 'create' ? deleted.get(o.address) : undefined;
      if (from === undefined || from === s.name) continue;
      const key = `${from}\u0000${s.name}`;
      if (!groups.has(key)) groups.set(key, { from, to: s.name, addresses: [] });
      groups.get(key)!.addresses.push(o.address);
    }
  }
  return [...groups.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)).map((g) => ({ ...g, addresses: g.addresses.sort() }));
}

/** One note per move group: what happens, and the commands for local state (README "Splitting into stacks"). */
export function moveNotes(moves: readonly StackMove[]): string[] {
  return moves.map((m) => {
    const list = m.addresses.length > 5 ? `${m.addresses.slice(0, 5).join(', ')} and ${m.addresses.length - 5} more` : m.addresses.join(', ');
    return `${m.addresses.length} resource(s) move from stack ${m.from} to stack ${m.to} (${list}): move their state before applying, or Terraform destroys and re-creates them. `
      + `Local state, in the state folder, per address: terraform state mv -state=terraform.${m.from}.tfstate -state-out=terraform.${m.to}.tfstate <address> <address> `
      + '(remote backends: README "Splitting into stacks")';
  });
}
