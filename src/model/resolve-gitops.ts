/**
 * Resolves the GitOps side of a cluster: user apps plus the platform apps the model implies (load
 * balancer, storage, cert-manager, GPU device plugin, VolSync), with layers, dependencies and waves.
 */
import { CRD_PROVIDING_CHARTS, FLUX_VERSION, GITOPS_DEFAULTS, K3S_DEFAULTS, PLATFORM_CHARTS, TALOS_DEFAULTS } from '../defaults';
import { ARGOCD_HEALTH_VALUES } from '../gitops/argocd-health';
import { hasLonghornDisk, LONGHORN_DATA_PATH } from '../gitops/longhorn-talos-volumes';
import type { TalosClusterInput } from '../schema/cluster';
import type { AppInput } from '../schema/gitops';
import { manifestRefs } from './app-manifests';
import { DEFAULT_IMAGE_MOUNT_PATH, imageOf } from './resolve-gitops-image';
import type { App, Chart, GitOps, SecretsConfig } from './gitops-types';
import {
  chartServiceValues, CNI_CHARTS, crdProvidersOf, defaultSelector, namespacesOf, privilegedReasonOf, talosCiliumValues, type TalosNetwork,
} from './resolve-gitops-derive';
import { bootstrapSecretsOf } from './resolve-gitops-secrets';
import { copyOf, defaultClassOf, SNAPSHOT_CLASSES, snapshotControllerValues } from './resolve-gitops-volsync';
import { vendorInfo } from './gpu';
import { clusterGpuVendors, gpuPluginApps, gpuRequestOf, INTEL_OPERATOR_CHART, withGpuTarget } from './resolve-gitops-gpu';
import { podNodes } from './kube-clusters';
import { mergeValues } from './merge-values';
import type { Problems } from './problems';
import { addLayerCrdDependencies, order, placeLoadBalancerPools, type Draft } from './resolve-gitops-order';
import type { Vm } from './types';

/** The parts of a cluster's profile the GitOps side reads (Talos and K3s clusters have them alike). */
export type GitOpsClusterInput = Pick<TalosClusterInput, 'gitops' | 'apps' | 'loadBalancer' | 'storage' | 'certManager'>;

/** What the GitOps side needs of a resolved cluster. */
export interface GitOpsHost {
  readonly name: string;
  readonly path: string;
  readonly clusterEndpoint: string;
  readonly nodes: readonly { readonly vm: Vm }[];
  /** The distribution ships `RuntimeClass nvidia` itself (K3s: manifests/runtimes.yaml), so the tree must not. */
  readonly builtinNvidiaRuntimeClass?: boolean;
  /** K3s: upgrade in place to this version with system-upgrade-controller Plans (servers, then agents). */
  readonly k3sUpgrade?: { readonly version: string; readonly agentTaintKeys: readonly string[]; readonly agents: boolean };
  /** Talos only: its version (tells Talos from K3s), CNI settings and the schedulable nodes. */
  readonly talosVersion?: string;
  readonly cni?: TalosNetwork['cni'];
  readonly kubeProxy?: boolean;
  readonly kubePrismPort?: number;
  readonly workers?: readonly unknown[];
  readonly allowSchedulingOnControlPlanes?: boolean;
}

/** Nodes that run pods (kube-clusters.ts podNodes): a Talos cluster's tainted control planes do not. */
function schedulableNodes(cluster: GitOpsHost): number {
  return podNodes({ talos: cluster.talosVersion !== undefined, allowSchedulingOnControlPlanes: cluster.allowSchedulingOnControlPlanes }, cluster.nodes, cluster.workers ?? cluster.nodes).length;
}

/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';


const IGNORED_LABELS = new Set(['charts', 'chart', 'www', 'io', 'com', 'org', 'net', 'dev', 'github', 'githubusercontent', 'raw', 'helm', 'master', 'main']);

/** A Flux source name for a chart repository: `https://charts.jetstack.io` -> `jetstack`. */
export function sourceNameOf(repo: string, chart: string): string {
  if (repo.startsWith('oci://')) return chart;
  const words = repo.replace(/^\w+:\/\//, '').split(/[./]/).filter((w) => w && !IGNORED_LABELS.has(w));
  const unique = words.filter((w, i) => w !== words[i - 1]);
  return (unique.join('-') || chart).toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/-+$/, '');
}

function chartOf(c: { repo: string; name: string; version: string }): Chart {
  return { ...c, oci: c.repo.startsWith('oci://'), sourceName: sourceNameOf(c.repo, c.name) };
}

function platform(key: keyof typeof PLATFORM_CHARTS, layer: string, extra: Partial<Draft> = {}): Draft {
  const { namespace, ...chart } = PLATFORM_CHARTS[key];
  return base(key, namespace, layer, { chart: chartOf(chart), providesCrds: true, derived: true, ...extra });
}

function base(name: string, namespace: string, layer: string, extra: Partial<Draft>): Draft {
  return { name, namespace, layer, layerIndex: 0, values: {}, deps: [], providesCrds: false, derived: true, secrets: [], extras: [], path: '', ...extra };
}

const poolsOf = (pools: NonNullable<TalosClusterInput['loadBalancer']>['pools']) =>
  pools.map((p) => ({ name: p.name, addresses: p.addresses, reservedOnly: p.reservedOnly ?? false }));

function derivedApps(c: GitOpsClusterInput, cluster: GitOpsHost, layer: string): Draft[] {
  const out: Draft[] = [];
  const nodes = cluster.nodes;
  const lb = c.loadBalancer;
  if (lb?.engine === 'metallb') {
    out.push(platform('metallb', layer));
    out.push(base('metallb-pools', 'metallb-system', layer, { deps: ['metallb'], extras: [{ type: 'metallb-pools', pools: poolsOf(lb.pools), reserved: [] }] }));
  } else if (lb?.engine === 'cilium') {
    out.push(base('cilium-pools', 'kube-system', layer, { deps: c.apps?.cilium ? ['cilium'] : [], extras: [{ type: 'cilium-pools', pools: poolsOf(lb.pools), reserved: [] }] }));
  }
  const s = c.storage;
  if (s?.longhorn) {
    // Replicas land on schedulable nodes only: tainted Talos control planes do not count.
    const replicas = s.longhorn.replicas ?? Math.max(1, Math.min(3, schedulableNodes(cluster)));
    out.push(platform('longhorn', layer, {
      values: {
        // On Talos, disks of purpose longhorn are user volumes mounted at /var/mnt/longhorn (longhorn-talos-volumes.ts).
        defaultSettings: { defaultReplicaCount: replicas, ...(cluster.talosVersion !== undefined && nodes.some((n) => hasLonghornDisk(n.vm)) ? { defaultDataPath: LONGHORN_DATA_PATH } : {}) },
        // longhorn/charts chart/values.yaml (v1.8.0 and later): the backup target moved from
        // defaultSettings.backupTarget (ignored since) to defaultBackupStore.backupTarget.
        ...(s.longhorn.backupTarget ? { defaultBackupStore: { backupTarget: s.longhorn.backupTarget } } : {}),
        persistence: { defaultClass: s.default === 'longhorn', defaultClassReplicaCount: replicas },
      },
    }));
  }
  if (s?.mayastor) {
    const replicas = s.mayastor.replicas ?? GITOPS_DEFAULTS.mayastorReplicas;
    const pools = nodes.flatMap((n) => n.vm.disks.filter((d) => d.purpose === 'mayastor').map((d) => ({ node: n.vm.name, device: d.byIdPath })));
    out.push(platform('mayastor', layer, { values: s.mayastor.network ? { io_engine: { target: { nvmf: { iface: s.mayastor.network } } } } : {} }));
    out.push(base('mayastor-pools', 'mayastor', layer, { deps: ['mayastor'], extras: [{ type: 'mayastor-pools', pools, replicas, isDefault: s.default === 'mayastor' }] }));
  }
  if (s?.nfs) {
    out.push(platform('csi-driver-nfs', layer));
    out.push(base('nfs-storage', 'kube-system', layer, {
      deps: ['csi-driver-nfs'],
      extras: [{ type: 'nfs-class', name: s.nfs.storageClass ?? GITOPS_DEFAULTS.nfsStorageClass, server: s.nfs.server, share: s.nfs.share, isDefault: s.default === 'nfs' }],
    }));
  }
  if (s?.openebsHostpath) {
    out.push(platform('openebs-hostpath', layer, {
      values: { hostpathClass: { isDefaultClass: s.default === 'openebs-hostpath', ...(s.openebsHostpath.basePath ? { basePath: s.openebsHostpath.basePath } : {}) } },
    }));
  }
  if (c.certManager) {
    out.push(platform('cert-manager', layer, { values: { crds: { enabled: true } } }));
    const cm = c.certManager;
    out.push(base('cluster-issuers', 'cert-manager', layer, {
      deps: ['cert-manager'],
      extras: [{ type: 'cluster-issuer', email: cm.email, dnsZones: cm.dnsZones, tokenSecret: cm.cloudflareTokenSecret ?? GITOPS_DEFAULTS.cloudflareTokenSecret, staging: cm.staging ?? false }],
    }));
  }
  out.push(...gpuDrafts(c, cluster, layer, out));
  const up = cluster.k3sUpgrade;
  if (up) {
    // The controller registers the Plan CRD itself when it starts (system-upgrade-controller v0.20.1
    // pkg/upgrade/controller.go registerCRD), so the Plans wait for it.
    out.push(base('system-upgrade-controller', K3S_DEFAULTS.systemUpgradeNamespace, layer, { providesCrds: true, extras: [{ type: 'system-upgrade-controller' }] }));
    out.push(base('k3s-upgrade', K3S_DEFAULTS.systemUpgradeNamespace, layer, {
      deps: ['system-upgrade-controller'],
      extras: [{ type: 'k3s-upgrade-plans', version: up.version, agentTolerations: up.agentTaintKeys, agents: up.agents }],
    }));
  }
  const backups = Object.values(c.apps ?? {}).filter((a) => a.persistence?.backup);
  if (backups.length) out.push(platform('volsync', layer));
  const snapshotted = backups.map((a) => a.persistence!.storageClass ?? defaultClassOf(s)).filter((x): x is string => !!x && !!SNAPSHOT_CLASSES[x]);
  if (snapshotted.length) out.push(platform('snapshot-controller', layer, { values: snapshotControllerValues(snapshotted) }));
  return out;
}

/** The device plugins of the cluster's GPU vendors; the Intel operator brings cert-manager when nothing else does. */
function gpuDrafts(c: GitOpsClusterInput, cluster: GitOpsHost, layer: string, derived: readonly Draft[]): Draft[] {
  const vendors = clusterGpuVendors(cluster.nodes);
  const operator = Object.entries(c.apps ?? {}).find(([, a]) => a.chart?.name === INTEL_OPERATOR_CHART);
  const specs = gpuPluginApps(vendors, { operatorApp: operator?.[0], operatorNamespace: operator ? operator[1].namespace ?? operator[0] : PLATFORM_CHARTS[INTEL_OPERATOR_CHART].namespace, builtinNvidiaRuntimeClass: cluster.builtinNvidiaRuntimeClass });
  const out = specs.map((s) => (s.chart
    ? platform(s.chart, layer, { ...(s.providesCrds !== undefined ? { providesCrds: s.providesCrds } : {}), values: s.values ?? {}, extras: [...(s.extras ?? [])], deps: [...(s.deps ?? [])] })
    : base(s.name, s.namespace!, layer, { deps: [...(s.deps ?? [])], extras: [...(s.extras ?? [])] })));
  const needsCertManager = out.some((d) => d.name === INTEL_OPERATOR_CHART) && !derived.some((d) => d.name === 'cert-manager') && !c.apps?.['cert-manager'];
  return needsCertManager ? [platform('cert-manager', layer, { values: { crds: { enabled: true } } }), ...out] : out;
}

function userApp(name: string, a: AppInput, layers: readonly string[], path: string, certIssuer?: string, defaultClass?: string): Draft {
  const chart = a.chart ? chartOf(a.chart) : undefined;
  return base(name, a.namespace ?? name, a.layer ?? layers[layers.length - 1]!, {
    path,
    derived: false,
    chart,
    values: a.values ?? {},
    deps: [...(a.dependsOn ?? [])],
    providesCrds: a.providesCrds ?? (chart ? (CRD_PROVIDING_CHARTS as readonly string[]).includes(chart.name) : false),
    loadBalancer: a.loadBalancer && {
      address: a.loadBalancer.address,
      ports: a.loadBalancer.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
      selector: a.loadBalancer.selector ?? defaultSelector(name, a.namespace ?? name, chart?.name),
      viaChart: false,
    },
    podSecurity: a.podSecurity,
    ingress: a.ingress && {
      host: a.ingress.host,
      className: a.ingress.className ?? GITOPS_DEFAULTS.ingressClass,
      issuer: a.ingress.issuer ?? certIssuer,
      service: a.ingress.service ?? name,
      port: a.ingress.port ?? 'http',
      annotations: a.ingress.annotations ?? {},
    },
    persistence: a.persistence && {
      size: a.persistence.size,
      storageClass: a.persistence.storageClass,
      ...((a.persistence.mountPath ?? a.image) ? { mountPath: a.persistence.mountPath ?? DEFAULT_IMAGE_MOUNT_PATH } : {}),
      backup: a.persistence.backup && backupOf(a.persistence.backup, a.persistence.storageClass ?? defaultClass),
    },
    gpu: gpuRequestOf(a.gpu),
    secrets: (a.secrets ?? []).map((s) => ({ name: s.name, path: s.path ?? `/${name}` })),
    ...(a.image ? { image: imageOf(a.image) } : {}),
    ...(a.manifests ? { manifests: manifestRefs(a.manifests, path) } : {}),
    ...(a.kustomize ? { patches: a.kustomize.patches } : {}),
  });
}

export function resolveGitOps(c: GitOpsClusterInput, cluster: GitOpsHost, problems: Problems): GitOps | undefined {
  if (!c.gitops) return undefined;
  const g = c.gitops;
  const path = `${cluster.path}`;
  const layers = g.layers ?? [...GITOPS_DEFAULTS.layers];
  const issuer = c.certManager ? (c.certManager.staging ? 'letsencrypt-staging' : 'letsencrypt') : undefined;
  const drafts = new Map<string, Draft>();
  if (g.managedBy !== undefined && g.engine !== 'argocd') {
    problems.add(`${path}.gitops.managedBy`, 'managedBy needs engine argocd (Flux runs in the cluster it deploys)', 'set gitops.engine: argocd or remove managedBy');
  }
  const platformLayer = g.platformLayer ?? (layers.includes('platform') ? 'platform' : layers[0]!);
  if (!layers.includes(platformLayer)) problems.add(`${path}.gitops.platformLayer`, `layer "${platformLayer}" is not one of gitops.layers`, `use one of ${layers.join(', ')}`);
  for (const d of derivedApps(c, cluster, platformLayer)) drafts.set(d.name, d);
  for (const [name, a] of Object.entries(c.apps ?? {}).sort(([x], [y]) => x.localeCompare(y))) {
    const app = userApp(name, a, layers, `${path}.apps.${name}`, issuer, defaultClassOf(c.storage));
    const derived = drafts.get(name);
    // A profile app may override a derived one: its chart, layer and namespace win, values merge over ours.
    drafts.set(name, derived ? {
      ...app,
      chart: app.chart ?? derived.chart,
      namespace: a.namespace ?? derived.namespace,
      layer: a.layer ?? derived.layer,
      values: mergeValues(derived.values, app.values),
      providesCrds: a.providesCrds ?? derived.providesCrds,
      extras: derived.extras,
      deps: [...new Set([...derived.deps, ...app.deps])],
    } : app);
    if (!layers.includes(app.layer)) problems.add(`${path}.apps.${name}.layer`, `layer "${app.layer}" is not one of gitops.layers`, `use one of ${layers.join(', ')}`);
  }
  for (const d of drafts.values()) d.layerIndex = Math.max(0, layers.indexOf(d.layer));
  for (const d of drafts.values()) {
    if (g.engine === 'argocd' && d.chart?.name === 'argo-cd') d.values = mergeValues(ARGOCD_HEALTH_VALUES, d.values);
  }
  const talos: TalosNetwork | undefined = cluster.talosVersion !== undefined
    ? { cni: cluster.cni ?? TALOS_DEFAULTS.cni, kubeProxy: cluster.kubeProxy ?? TALOS_DEFAULTS.kubeProxy, kubePrismPort: cluster.kubePrismPort ?? TALOS_DEFAULTS.kubePrismPort }
    : undefined;
  const cniApp = talos?.cni === 'none' ? [...drafts.values()].find((d) => d.chart && CNI_CHARTS.includes(d.chart.name))?.name : undefined;
  const lbEngine = c.loadBalancer?.engine;
  const infisical = g.secrets?.provider === 'infisical';
  const all = [...drafts.values()];
  for (const d of all) {
    let values = talos && d.name === cniApp ? mergeValues(talosCiliumValues(talos), d.values) : d.values;
    let lb = d.loadBalancer;
    const chartValues = lb && lbEngine ? chartServiceValues(d.chart?.name, values, lb.address, lbEngine) : undefined;
    if (lb && chartValues) {
      values = mergeValues(values, chartValues);
      lb = { ...lb, viaChart: true };
    }
    const fixed = { privilegedReason: privilegedReasonOf(d), values, loadBalancer: lb };
    const extras = d.extras.map((e) => (e.type === 'metallb-pools' || e.type === 'cilium-pools' ? { ...e, reserved: all.flatMap((x) => (x.loadBalancer ? [x.loadBalancer.address] : [])) } : e));
    drafts.set(d.name, { ...d, ...fixed, extras, deps: [...d.deps, ...crdProvidersOf(d, all, infisical).filter((x) => !d.deps.includes(x))] });
  }
  placeLoadBalancerPools(drafts, c, layers);
  addLayerCrdDependencies(drafts);
  for (const d of drafts.values()) {
    if (!d.gpu) continue;
    const gpu = withGpuTarget(d.gpu, cluster.nodes);
    const plugin = gpu.target && vendorInfo(gpu.target.vendor).devicePluginApp;
    drafts.set(d.name, { ...d, gpu, deps: plugin && drafts.has(plugin) && !d.deps.includes(plugin) ? [...d.deps, plugin] : d.deps });
  }
  for (const d of drafts.values()) if (d.persistence?.backup?.snapshotClass && drafts.has('snapshot-controller') && !d.deps.includes('snapshot-controller')) d.deps.push('snapshot-controller');
  const apps = order(drafts, path, problems);
  const gitops = {
    cluster: cluster.name,
    engine: g.engine,
    managedBy: g.managedBy,
    destinationServer: g.managedBy ? cluster.clusterEndpoint : IN_CLUSTER,
    namePrefix: g.managedBy ? `${cluster.name}-` : '',
    repoUrl: g.repo.url,
    branch: g.repo.branch ?? GITOPS_DEFAULTS.branch,
    ...(g.repo.secretRef ? { repoSecret: g.repo.secretRef } : {}),
    path: g.path ?? `gitops/${cluster.name}`,
    fluxVersion: g.fluxVersion ?? FLUX_VERSION,
    layers,
    interval: g.interval ?? GITOPS_DEFAULTS.interval,
    variables: g.engine === 'flux' ? withAddressVariables(g.variables ?? {}, apps) : g.variables ?? {},
    secrets: secretsOf(g.secrets),
    lbEngine,
    apps,
    namespaces: namespacesOf(apps),
    talos: talos !== undefined,
    ...(cniApp ? { cniApp } : {}),
    bootstrapSecrets: [],
  };
  return { ...gitops, bootstrapSecrets: bootstrapSecretsOf(gitops, c, path) };
}

/** A backup's copy method follows its claim's storage class; restore needs snapshots (the volume populator). */
function backupOf(b: NonNullable<NonNullable<AppInput['persistence']>['backup']>, storageClass: string | undefined): NonNullable<NonNullable<App['persistence']>['backup']> {
  const copy = copyOf(storageClass);
  return { schedule: b.schedule ?? GITOPS_DEFAULTS.backupSchedule, restore: (b.restore ?? true) && copy.copyMethod === 'Snapshot', ...copy };
}

/** Adds `<APP>_IP` for every reserved LoadBalancer address, so values can say `${PLEX_IP}`. */
function withAddressVariables(vars: Readonly<Record<string, string>>, apps: readonly App[]): Record<string, string> {
  if (Object.keys(vars).length === 0) return {};
  const out: Record<string, string> = {};
  for (const a of apps) if (a.loadBalancer) out[`${a.name.toUpperCase().replace(/-/g, '_')}_IP`] = a.loadBalancer.address;
  return { ...out, ...vars };
}


function secretsOf(s: NonNullable<TalosClusterInput['gitops']>['secrets']): SecretsConfig | undefined {
  if (!s) return undefined;
  if (s.provider === 'sops') return { provider: 'sops', ageRecipients: s.ageRecipients };
  return {
    provider: 'infisical',
    hostApi: s.hostApi ?? GITOPS_DEFAULTS.infisicalHostApi,
    projectSlug: s.projectSlug,
    envSlug: s.envSlug,
    credentials: s.credentialsSecret ?? GITOPS_DEFAULTS.infisicalCredentials,
  };
}

