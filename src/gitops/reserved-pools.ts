/**
 * Keeps reserved LoadBalancer addresses out of automatic assignment: every reserved address that falls in a
 * pool that assigns automatically moves to a pool `<pool>-reserved` that only serves services asking for it
 * (MetalLB `autoAssign: false`, metallb/metallb api/v1beta1/ipaddresspool_types.go v0.15.2; Cilium a pool
 * with a serviceSelector), and the automatic pool keeps the rest. The pools never overlap: MetalLB refuses
 * overlapping pools and Cilium marks them as conflicting.
 */
import { intToIp, ipToInt, parseCidr } from '../model/net';
import type { Pool } from '../model/gitops-types';

export interface RenderedPool {
  readonly name: string;
  /** `a-b` ranges, or CIDRs as written. */
  readonly addresses: readonly string[];
  /** Serves only services that ask for one of its addresses. */
  readonly reservedOnly: boolean;
}

function bounds(spec: string): [number, number] {
  if (spec.includes('/')) {
    const c = parseCidr(spec);
    return [c.network, c.network + 2 ** (32 - c.prefix) - 1];
  }
  const [a, b] = spec.split('-');
  return [ipToInt(a!), ipToInt(b ?? a!)];
}

const rangeText = (start: number, end: number) => (start === end ? `${intToIp(start)}/32` : `${intToIp(start)}-${intToIp(end)}`);

/** The range minus the sorted addresses, as range texts (the original text when nothing is taken out). */
function subtract(spec: string, taken: readonly number[]): string[] {
  const [start, end] = bounds(spec);
  const inside = taken.filter((t) => t >= start && t <= end);
  if (!inside.length) return [spec];
  const out: string[] = [];
  let from = start;
  for (const t of inside) {
    if (t > from) out.push(rangeText(from, t - 1));
    from = t + 1;
  }
  if (from <= end) out.push(rangeText(from, end));
  return out;
}

/** Sorted addresses as runs of consecutive addresses. */
function runs(sorted: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const t of sorted) {
    const last = out.at(-1);
    if (last && last[1] === t - 1) last[1] = t;
    else out.push([t, t]);
  }
  return out;
}

export function splitReservedPools(pools: readonly Pool[], reserved: readonly string[]): RenderedPool[] {
  const taken = [...new Set(reserved.map(ipToInt))].sort((a, b) => a - b);
  const out: RenderedPool[] = [];
  for (const pool of pools) {
    if (pool.reservedOnly) {
      out.push({ name: pool.name, addresses: pool.addresses, reservedOnly: true });
      continue;
    }
    const inside = taken.filter((t) => pool.addresses.some((spec) => { const [s, e] = bounds(spec); return t >= s && t <= e; }));
    out.push({ name: pool.name, addresses: pool.addresses.flatMap((spec) => subtract(spec, inside)), reservedOnly: false });
    if (inside.length) out.push({ name: `${pool.name}-reserved`, addresses: runs(inside).map(([a, b]) => rangeText(a, b)), reservedOnly: true });
  }
  return out;
}
