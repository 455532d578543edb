/**
 * The order of a cluster's apps: CRD providers first within a layer, LoadBalancer pools where the first reserved
 * address needs them, dependencies checked (exist, no cycle) and waves computed.
 */
import type { GitOpsClusterInput } from './resolve-gitops';
import type { App } from './gitops-types';
import type { Problems } from './problems';

/** An app while the cluster's apps are being assembled: its dependencies still open. */
export type Draft = Omit<App, 'dependsOn' | 'wave' | 'layerIndex' | 'values'> & { deps: string[]; layerIndex: number; values: Readonly<Record<string, unknown>> };

/** Every app waits for the CRD providers of its own layer (earlier layers are ordered by the layer itself). */
export function addLayerCrdDependencies(drafts: Map<string, Draft>): void {
  const all = [...drafts.values()];
  for (const d of all) {
    // Derived config apps (pools, issuers, storage classes) name exactly the chart they need.
    if (d.providesCrds || (!d.chart && d.extras.length > 0)) continue;
    for (const p of all) if (p.providesCrds && p.layerIndex === d.layerIndex && !d.deps.includes(p.name)) d.deps.push(p.name);
  }
}

/**
 * A LoadBalancer Service is ready only once it has its address (kstatus), so every app with a reserved
 * address waits for the pools, and the pools (with a derived MetalLB) move up to the earliest layer that
 * reserves an address, never above the chart that serves their CRDs. Layers the profile sets stay.
 */
export function placeLoadBalancerPools(drafts: Map<string, Draft>, c: GitOpsClusterInput, layers: readonly string[]): void {
  const pools = drafts.get('metallb-pools') ?? drafts.get('cilium-pools');
  if (!pools) return;
  const users = [...drafts.values()].filter((d) => d.loadBalancer);
  const fixed = (name: string) => c.apps?.[name]?.layer !== undefined;
  const engine = drafts.get(pools.name === 'metallb-pools' ? 'metallb' : 'cilium');
  const earliest = Math.min(pools.layerIndex, ...users.map((u) => u.layerIndex));
  const floor = engine && (fixed(engine.name) || pools.name === 'cilium-pools') ? engine.layerIndex : 0;
  const target = Math.max(earliest, floor);
  const move = (d: Draft) => {
    if (fixed(d.name) || d.layerIndex <= target) return;
    drafts.set(d.name, { ...d, layerIndex: target, layer: layers[target]! });
  };
  if (engine && pools.name === 'metallb-pools') move(engine);
  move(pools);
  for (const u of users) if (!u.deps.includes(pools.name)) u.deps.push(pools.name);
}

/** Checks dependencies (exist, no cycle) and computes waves; returns apps sorted by layer, wave, name. */
export function order(drafts: Map<string, Draft>, path: string, problems: Problems): App[] {
  const waves = new Map<string, number>();
  const visiting = new Set<string>();
  const wave = (name: string, trail: string[]): number => {
    const known = waves.get(name);
    if (known !== undefined) return known;
    const d = drafts.get(name)!;
    if (visiting.has(name)) {
      problems.add(`${path}.apps.${name}.dependsOn`, `dependency cycle: ${[...trail, name].join(' -> ')}`, 'remove one of the dependencies');
      return 0;
    }
    visiting.add(name);
    let w = d.layerIndex * 10 + (d.providesCrds ? 0 : 1);
    for (const dep of d.deps) {
      if (!drafts.has(dep)) {
        problems.add(`${d.path || `${path}.apps.${name}`}.dependsOn`, `app "${dep}" does not exist`, `use one of ${[...drafts.keys()].sort().join(', ')}`);
        continue;
      }
      w = Math.max(w, wave(dep, [...trail, name]) + 1);
    }
    visiting.delete(name);
    waves.set(name, w);
    return w;
  };
  const apps = [...drafts.values()].map((d) => {
    const { deps, ...rest } = d;
    return { ...rest, path: d.path || `${path}.apps.${d.name}`, dependsOn: [...new Set(deps)].filter((x) => drafts.has(x)).sort(), wave: wave(d.name, []) };
  });
  return apps.sort((a, b) => a.layerIndex - b.layerIndex || a.wave - b.wave || a.name.localeCompare(b.name));
}
