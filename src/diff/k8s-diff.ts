/**
 * Compares the Kubernetes objects of each cluster's GitOps tree (pure): added / removed / changed objects
 * with field-level paths (values.ts), Secret `data`/`stringData` masked, and flags for what a reviewer must
 * not miss: deleted claims, namespaces and storage classes (DATA LOSS), moved LoadBalancer addresses (ADDRESS), a removed
 * CRD provider, and chart version changes (CHART, info).
 */
import { CRD_PROVIDING_CHARTS } from '../defaults';
import { LB_ANNOTATION } from '../gitops/lb-annotation';
import type { K8sEntry, K8sSide } from './k8s-objects';
import { type Flag, SEVERITY } from './replacement';
import { maskChange } from './sensitive';
import { flagOrder } from './tf-diff';
import { type AttributeChange, compareValues, show } from './values';

export type K8sAction = 'create' | 'update' | 'delete';

export interface K8sObjectDiff {
  /** `apiVersion/kind/namespace/name`, e.g. `v1/PersistentVolumeClaim/media/sonarr-data`. */
  readonly key: string;
  /** Project-relative file the object is (or was) written to. */
  readonly file: string;
  readonly action: K8sAction;
  /** Field changes of an update (none listed for create/delete); Secret data masked. */
  readonly changes: readonly AttributeChange[];
}

export interface ClusterSummary {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

export interface ClusterDiff {
  /** Cluster name (`clusters.<name>`). */
  readonly name: string;
  readonly summary: ClusterSummary;
  /** Sorted by key. */
  readonly objects: readonly K8sObjectDiff[];
  /** Most severe first. */
  readonly flags: readonly Flag[];
}

const LB_ANNOTATIONS: readonly string[] = Object.values(LB_ANNOTATION);
const EMPTY: K8sSide = { objects: new Map(), crdProviders: new Set() };

/** Compares clusters by name; a cluster missing on one side counts as empty. */
export function diffClusters(before: ReadonlyMap<string, K8sSide>, after: ReadonlyMap<string, K8sSide>): ClusterDiff[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.map((name) => diffCluster(name, before.get(name) ?? EMPTY, after.get(name) ?? EMPTY));
}

export function diffCluster(name: string, before: K8sSide, after: K8sSide): ClusterDiff {
  const objects: K8sObjectDiff[] = [];
  const flags: Flag[] = [];
  for (const id of [...new Set([...before.objects.keys(), ...after.objects.keys()])].sort()) {
    const [x, y] = [before.objects.get(id), after.objects.get(id)];
    if (!x || !y) {
      objects.push({ key: id, file: (x ?? y)!.file, action: x ? 'delete' : 'create', changes: [] });
      if (x) flags.push(...deleteFlags(id, x, before.crdProviders));
      continue;
    }
    const changes = compareValues(x.body, y.body);
    if (changes.length === 0) continue;
    const masked = x.body.kind === 'Secret' || y.body.kind === 'Secret' ? changes.map((c) => maskChange(c, ['data', 'stringData'])) : changes;
    objects.push({ key: id, file: y.file, action: 'update', changes: masked });
    flags.push(...updateFlags(id, x.body, y.body));
  }
  const count = (a: K8sAction) => objects.filter((o) => o.action === a).length;
  return { name, summary: { added: count('create'), changed: count('update'), removed: count('delete') }, objects, flags: flags.sort(flagOrder) };
}

const flag = (kind: Flag['kind'], address: string, message: string, paths?: string[]): Flag =>
  ({ kind, severity: SEVERITY[kind], address, message, ...(paths ? { paths } : {}) });

function deleteFlags(key: string, x: K8sEntry, providers: ReadonlySet<string>): Flag[] {
  const o = x.body;
  const name = o.metadata?.name;
  if (o.kind === 'PersistentVolumeClaim') {
    return [flag('data-loss', key, `claim ${name} is deleted: pruning removes it and, with reclaim policy Delete, its volume and data`)];
  }
  if (o.kind === 'Namespace') {
    return [flag('data-loss', key, `namespace ${name} is deleted: pruning it deletes everything in it, claims and their volumes included`)];
  }
  if (o.kind === 'StorageClass') {
    return [flag('data-loss', key, `storage class ${name} is deleted: claims that name it stay Pending and its provisioner no longer manages their volumes`)];
  }
  const out: Flag[] = [];
  if (o.kind === 'Service' && lbAddress(o)) {
    out.push(flag('address', key, `LoadBalancer ${name} is deleted: ${lbAddress(o)} is released; clients and DNS records pointing at it break`));
  }
  if ((o.kind === 'HelmRelease' || o.kind === 'Application') && (providers.has(name) || CRD_PROVIDING_CHARTS.includes(chartOf(o)?.chart as never))) {
    out.push(flag('crd-provider', key, `${name} provides CRDs and is removed: uninstalling it can delete its CRDs and with them every object of those kinds, in every app`));
  }
  return out;
}

function updateFlags(key: string, x: Record<string, any>, y: Record<string, any>): Flag[] {
  const out: Flag[] = [];
  if (y.kind === 'Service') {
    const paths = [
      ...(show(x.spec?.loadBalancerIP) !== show(y.spec?.loadBalancerIP) ? ['spec.loadBalancerIP'] : []),
      ...LB_ANNOTATIONS.filter((a) => show(x.metadata?.annotations?.[a]) !== show(y.metadata?.annotations?.[a])).map((a) => `metadata.annotations["${a}"]`),
    ];
    if (paths.length) {
      out.push(flag('address', key, `LoadBalancer address ${show(lbAddress(x))} -> ${show(lbAddress(y))}: clients and DNS records pointing at the old address break`, paths));
    }
  }
  // A chart's own LoadBalancer Service gets its address through the release's values (lb-annotation.ts):
  // the rendered Service is not in the tree, so the annotation is compared where it is written.
  if (y.kind === 'HelmRelease' || y.kind === 'Application') {
    const [before, after] = [annotatedAddresses(x), annotatedAddresses(y)];
    const paths = [...new Set([...before.keys(), ...after.keys()])].filter((p) => before.get(p) !== after.get(p)).sort();
    if (paths.length) {
      const moved = paths.map((p) => `${show(before.get(p))} -> ${show(after.get(p))}`).join(', ');
      out.push(flag('address', key, `LoadBalancer address of the chart's Service ${moved}: clients and DNS records pointing at the old address break`, paths));
    }
  }
  const [a, b] = [chartOf(x), chartOf(y)];
  if (a && b && a.version !== b.version) out.push(flag('chart', key, `chart ${b.chart} ${a.version} -> ${b.version}: read its upgrade notes`, [b.path]));
  return out;
}

/** The reserved address of a LoadBalancer service: spec.loadBalancerIP or an engine annotation. */
function lbAddress(o: Record<string, any>): string | undefined {
  return o.spec?.loadBalancerIP ?? LB_ANNOTATIONS.map((a) => o.metadata?.annotations?.[a]).find((v) => v !== undefined);
}

/** Every LoadBalancer-address annotation anywhere in an object (e.g. in a release's values), by path. */
function annotatedAddresses(o: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(o)) o.forEach((v, i) => annotatedAddresses(v, `${path}[${i}]`, out));
  else if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      const at = path ? `${path}${/^[\w-]+$/.test(k) ? `.${k}` : `["${k}"]`}` : k;
      if (LB_ANNOTATIONS.includes(k) && typeof v === 'string') out.set(at, v);
      else annotatedAddresses(v, at, out);
    }
  }
  return out;
}

/** Chart name and version of a HelmRelease, the OCIRepository of an OCI chart, or an Argo CD Application. */
export function chartOf(o: Record<string, any>): { chart: string; version: string; path: string } | undefined {
  if (o.kind === 'HelmRelease' && o.spec?.chart?.spec) return { chart: o.spec.chart.spec.chart, version: o.spec.chart.spec.version, path: 'spec.chart.spec.version' };
  if (o.kind === 'OCIRepository' && o.spec?.ref?.tag) return { chart: String(o.spec.url).split('/').pop()!, version: o.spec.ref.tag, path: 'spec.ref.tag' };
  if (o.kind !== 'Application') return undefined;
  const sources: any[] = o.spec?.sources ?? (o.spec?.source ? [o.spec.source] : []);
  const i = sources.findIndex((s) => s?.chart);
  if (i < 0) return undefined;
  return { chart: sources[i].chart, version: sources[i].targetRevision, path: o.spec.sources ? `spec.sources[${i}].targetRevision` : 'spec.source.targetRevision' };
}
