/**
 * Derivations of the GitOps side that need the whole app list: reserved addresses on the chart's own
 * LoadBalancer Service, Pod Security levels and the namespaces of each layer, the Cilium values Talos
 * documents, and the CRD dependencies of charts and of the objects we render.
 */
import { mergeValues } from './merge-values';
import {
  CHART_CRD_USES, CHART_LB_SERVICES, CHART_POD_SELECTORS, INFISICAL_OPERATOR_CHARTS, PRIVILEGED_CHARTS,
} from '../gitops/known-charts';
import { LB_ANNOTATION } from '../gitops/lb-annotation';
import type { App, Namespace, PodSecurityLevel } from './gitops-types';

/** Label of our LoadBalancer services (and of chart Services we annotate); Cilium's reserved pools select it. */
export const RESERVED_LABEL = 'homelab-cdk.dev/reserved-address';

/** Namespaces no app folder creates (Kubernetes' own, the engines'). */
export const PREEXISTING_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system', 'argocd']);

type Values = Readonly<Record<string, unknown>>;

function at(values: Values, path: readonly string[]): unknown {
  let v: unknown = values;
  for (const k of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function nested(path: readonly string[], leaf: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((acc, k, i) => (i === path.length - 1 ? { [k]: leaf } : { [k]: acc }), {});
}

/** The default pod selector of an app's extra LoadBalancer Service: the chart's real pod labels when known. */
export function defaultSelector(app: string, namespace: string, chart?: string): Record<string, string> {
  const known = chart ? CHART_POD_SELECTORS[chart] : undefined;
  return known ? known(app, namespace) : { 'app.kubernetes.io/instance': app };
}

/**
 * When the chart renders its own LoadBalancer Service (Traefik, ingress-nginx) and the values keep it one,
 * the reserved address goes onto that Service through values: the engine's annotation only, never also
 * `spec.loadBalancerIP` (metallb/metallb controller/service.go, v0.14.9 and v0.15.2: "service can not have
 * both"), plus our label so Cilium's reserved pool serves it.
 */
export function chartServiceValues(chart: string | undefined, values: Values, address: string, engine: 'metallb' | 'cilium'): Record<string, unknown> | undefined {
  const known = chart ? CHART_LB_SERVICES[chart] : undefined;
  if (!known) return undefined;
  const type = at(values, known.type);
  if (type !== undefined && type !== 'LoadBalancer') return undefined;
  return { ...mergeValues(nested(known.annotations, { [LB_ANNOTATION[engine]]: address }), nested(known.labels, { [RESERVED_LABEL]: 'true' })) };
}

/** Why an app's pods need Pod Security `privileged`, or undefined. */
export function privilegedReasonOf(app: Pick<App, 'chart'>): string | undefined {
  return app.chart && PRIVILEGED_CHARTS[app.chart.name] ? `chart ${app.chart.name}: ${PRIVILEGED_CHARTS[app.chart.name]}` : undefined;
}

const LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];

/** The level an app asks of its namespace: its profile setting, else privileged for host-level charts. */
export const levelOf = (app: Pick<App, 'podSecurity' | 'privilegedReason'>): PodSecurityLevel | undefined =>
  app.podSecurity ?? (app.privilegedReason ? 'privileged' : undefined);

/**
 * Every namespace the tree creates, owned by the earliest layer that uses it (not by one of its apps, so
 * pruning an app never deletes its siblings' namespace), with the most permissive level its apps ask for.
 */
export function namespacesOf(apps: readonly App[]): Namespace[] {
  const out = new Map<string, { layer: string; layerIndex: number; level?: PodSecurityLevel }>();
  for (const a of apps) {
    if (PREEXISTING_NAMESPACES.has(a.namespace)) continue;
    const ns = out.get(a.namespace) ?? { layer: a.layer, layerIndex: a.layerIndex };
    if (a.layerIndex < ns.layerIndex) Object.assign(ns, { layer: a.layer, layerIndex: a.layerIndex });
    const level = levelOf(a);
    if (level && (!ns.level || LEVELS.indexOf(level) > LEVELS.indexOf(ns.level))) ns.level = level;
    out.set(a.namespace, ns);
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([name, ns]) => ({ name, layer: ns.layer, ...(ns.level ? { podSecurity: ns.level } : {}) }));
}

/** What a Talos cluster tells us about its CNI (absent on K3s). */
export interface TalosNetwork {
  readonly cni: 'flannel' | 'none';
  readonly kubeProxy: boolean;
  readonly kubePrismPort: number;
}

/**
 * Cilium values Talos documents ("Deploying Cilium CNI", docs.siderolabs.com kubernetes-guides/cni/deploying-cilium,
 * Talos 1.12, Cilium 1.18): IPAM mode kubernetes, the capabilities without SYS_MODULE (Talos loads no kernel
 * modules for workloads), the cgroup v2 mount Talos already provides, and with kube-proxy off the kube-proxy
 * replacement talking to KubePrism on localhost.
 */
export function talosCiliumValues(net: TalosNetwork): Record<string, unknown> {
  return {
    ipam: { mode: 'kubernetes' },
    kubeProxyReplacement: !net.kubeProxy,
    securityContext: {
      capabilities: {
        ciliumAgent: ['CHOWN', 'KILL', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'SYS_ADMIN', 'SYS_RESOURCE', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
        cleanCiliumState: ['NET_ADMIN', 'SYS_ADMIN', 'SYS_RESOURCE'],
      },
    },
    cgroup: { autoMount: { enabled: false }, hostRoot: '/sys/fs/cgroup' },
    ...(net.kubeProxy ? {} : { k8sServiceHost: 'localhost', k8sServicePort: net.kubePrismPort }),
  };
}

/** Charts that are a CNI (installed by the bootstrap when the cluster has `cni: none`). */
export const CNI_CHARTS: readonly string[] = ['cilium'];

/**
 * CRD providers an app needs besides its explicit dependencies: the charts its chart renders objects of
 * (CHART_CRD_USES) and the secret store operator when it carries InfisicalSecret objects.
 */
export function crdProvidersOf(app: Pick<App, 'name' | 'chart' | 'secrets' | 'persistence'>, apps: readonly Pick<App, 'name' | 'chart'>[], infisical: boolean): string[] {
  const byChart = (charts: readonly string[]) => apps.filter((p) => p.name !== app.name && p.chart && charts.includes(p.chart.name)).map((p) => p.name);
  const out = app.chart ? byChart(CHART_CRD_USES[app.chart.name] ?? []) : [];
  const carriesInfisical = infisical && (app.secrets.length > 0 || app.persistence?.backup !== undefined);
  if (carriesInfisical) out.push(...byChart(INFISICAL_OPERATOR_CHARTS));
  return out;
}
