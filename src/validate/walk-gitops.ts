/**
 * Shared views of the GitOps side of the lab for rules: LoadBalancer pools and reservations with their
 * profile paths, address ranges (`a-b` or CIDR), apps by name, and which app provides the CRDs another
 * app's objects use. Pure data, no cdk8s.
 */
import { ipToInt, parseCidr } from '../model/net';
import type { App, GitOps } from '../model/gitops-types';
import { kubeClusters, type KubeCluster } from '../model/kube-clusters';
import type { Lab, TalosCluster, TalosNode } from '../model/types';

/** An inclusive range of IPv4 addresses as integers. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** `10.0.0.10-10.0.0.20` or `10.0.0.0/28` -> its first and last address. */
export function rangeOf(spec: string): Range {
  if (spec.includes('/')) {
    const c = parseCidr(spec);
    return { start: c.network, end: c.network + 2 ** (32 - c.prefix) - 1 };
  }
  const [a, b] = spec.split('-');
  return { start: ipToInt(a!), end: ipToInt(b ?? a!) };
}

export const inRange = (r: Range, ip: string): boolean => ipToInt(ip) >= r.start && ipToInt(ip) <= r.end;
export const rangesOverlap = (a: Range, b: Range): boolean => a.start <= b.end && b.start <= a.end;
export const rangeInside = (inner: Range, outer: Range): boolean => inner.start >= outer.start && inner.end <= outer.end;

export interface PoolRangeRef {
  readonly cluster: KubeCluster;
  readonly pool: string;
  /** As written in the profile. */
  readonly spec: string;
  readonly range: Range;
  /** `clusters.main.loadBalancer.pools[0].addresses[1]`. */
  readonly path: string;
}

export interface GitopsCluster {
  readonly cluster: KubeCluster;
  readonly gitops: GitOps;
}

/** Clusters with a resolved `gitops` section. */
export function gitopsClustersOf(lab: Lab): GitopsCluster[] {
  return kubeClusters(lab).flatMap((cluster) => (cluster.gitops ? [{ cluster, gitops: cluster.gitops }] : []));
}

/** Every address range of the cluster's LoadBalancer pools, in profile order (none without a loadBalancer section). */
export function poolRangesOf(cluster: KubeCluster): PoolRangeRef[] {
  const extras = cluster.gitops?.apps.flatMap((a) => a.extras) ?? [];
  const pools = extras.flatMap((e) => (e.type === 'metallb-pools' || e.type === 'cilium-pools' ? e.pools : []));
  return pools.flatMap((pool, i) =>
    pool.addresses.map((spec, j) => ({ cluster, pool: pool.name, spec, range: rangeOf(spec), path: `${cluster.path}.loadBalancer.pools[${i}].addresses[${j}]` })),
  );
}

export interface ReservationRef {
  readonly cluster: KubeCluster;
  readonly app: App;
  readonly address: string;
  /** `clusters.main.apps.plex.loadBalancer.address`. */
  readonly path: string;
}

/** Every reserved LoadBalancer address of every app, in lab order. */
export function reservationsOf(lab: Lab): ReservationRef[] {
  return gitopsClustersOf(lab).flatMap(({ cluster, gitops }) =>
    gitops.apps.flatMap((app) => (app.loadBalancer ? [{ cluster, app, address: app.loadBalancer.address, path: `${app.path}.loadBalancer.address` }] : [])),
  );
}

/** Control planes and workers of a Talos cluster, or the nodes of any cluster view. */
export function nodesOf(c: TalosCluster): TalosNode[];
export function nodesOf(c: KubeCluster): readonly KubeCluster['nodes'][number][];
export function nodesOf(c: TalosCluster | KubeCluster): readonly { vm: TalosNode['vm'] }[] {
  return 'nodes' in c ? c.nodes : [...c.controlPlanes, ...c.workers];
}

/** Chart that provides the CRDs of the objects each extra type generates. */
const EXTRA_PROVIDER: Partial<Record<App['extras'][number]['type'], string>> = {
  'metallb-pools': 'metallb',
  'cilium-pools': 'cilium',
  'mayastor-pools': 'mayastor',
  'cluster-issuer': 'cert-manager',
};

/** A CRD-providing app that `app` needs first, and the profile path of what creates the need. */
export interface CrdNeed {
  readonly provider: App;
  readonly path: string;
  /** `depends on`, `creates ClusterIssuer objects of`, ... */
  readonly why: string;
}

/** The CRD providers an app needs: its CRD-providing dependencies and the providers of the objects it carries. */
export function crdNeedsOf(app: App, apps: readonly App[]): CrdNeed[] {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const byChart = (chart: string) => apps.find((a) => a.chart?.name === chart && a !== app);
  const out: CrdNeed[] = [];
  const add = (provider: App | undefined, path: string, why: string) => {
    if (provider?.providesCrds && provider !== app && !out.some((n) => n.provider === provider)) out.push({ provider, path, why });
  };
  for (const dep of app.dependsOn) add(byName.get(dep), `${app.path}.dependsOn`, 'depends on');
  for (const e of app.extras) {
    const chart = EXTRA_PROVIDER[e.type];
    if (chart) add(byChart(chart), app.path, `creates ${e.type} objects whose CRDs come from`);
  }
  if (app.persistence?.backup) add(byChart('volsync'), `${app.path}.persistence.backup`, 'backs up its volume with the VolSync CRDs of');
  return out;
}
