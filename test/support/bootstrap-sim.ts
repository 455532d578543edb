/**
 * A bootstrap simulation: from the printed bootstrap steps (secret commands, then the bootstrap line) and the
 * tree on disk alone, compute the order in which objects of an empty cluster can become ready, the way the
 * controllers decide it:
 * - kubectl / Flux apply Namespaces and CRDs first, then refuse objects whose CRD or namespace is missing
 *   (fluxcd/kustomize-controller applies in stages; a failed stage fails the Kustomization);
 * - a Kustomization waits for its dependsOn, its source, its decryption Secret, the non-optional
 *   substituteFrom objects and a path that exists ("kustomization path not found"), then with `wait: true`
 *   for everything it applied (kstatus);
 * - a HelmRelease / Argo CD Application chart needs a pod network (no pod starts without the CNI), on Talos
 *   a namespace that admits its pods (Pod Security baseline outside kube-system), the CRDs of the charts it
 *   renders objects of, and installs its own CRDs;
 * - a LoadBalancer Service is ready only with an address (kstatus), i.e. once a pool holds it;
 * - Argo CD syncs an app-of-apps wave by wave, each wave once the earlier Applications are healthy.
 * Secrets must exist before what reads them. Nothing is ready by assumption: every object must be reached.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHART_CRD_USES, PRIVILEGED_CHARTS } from '../../src/gitops/known-charts';
import { fluxComponentsStandIn } from './flux-export';

/** CRD groups a chart installs (the charts' own CRD templates / crds folders). */
const CHART_CRDS: Record<string, string[]> = {
  'cert-manager': ['cert-manager.io', 'acme.cert-manager.io'], metallb: ['metallb.io'], longhorn: ['longhorn.io'], mayastor: ['openebs.io'],
  volsync: ['volsync.backube'], 'secrets-operator': ['secrets.infisical.com'], cilium: ['cilium.io'], 'argo-cd': ['argoproj.io'],
  traefik: ['traefik.io'], 'kube-prometheus-stack': ['monitoring.coreos.com'], 'snapshot-controller': ['snapshot.storage.k8s.io'],
  'intel-device-plugins-operator': ['deviceplugin.intel.com'], kyverno: ['kyverno.io'], 'system-upgrade-controller': ['upgrade.cattle.io'],
};
/** Storage classes a chart creates, with the values key that makes it the default. */
const CHART_CLASSES: Record<string, { name: string; defaultAt: string[] }> = {
  longhorn: { name: 'longhorn', defaultAt: ['persistence', 'defaultClass'] },
  'localpv-provisioner': { name: 'openebs-hostpath', defaultAt: ['hostpathClass', 'isDefaultClass'] },
};
const CORE_GROUPS = new Set(['', 'apiextensions.k8s.io', 'apps', 'batch', 'policy', 'storage.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'rbac.authorization.k8s.io', 'scheduling.k8s.io']);
const CLUSTER_SCOPED = new Set(['CustomResourceDefinition', 'Namespace', 'StorageClass', 'RuntimeClass', 'ClusterIssuer', 'CiliumLoadBalancerIPPool', 'CiliumL2AnnouncementPolicy', 'VolumeSnapshotClass', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);

type Obj = Record<string, any>;
const groupOf = (o: Obj) => (String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0]! : '');
const keyOf = (o: Obj) => `${o.kind}/${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`;
const at = (v: any, path: string[]) => path.reduce((x, k) => (x == null ? undefined : x[k]), v);

export interface SimInput {
  readonly projectDir: string;
  /** The printed secret commands (run first), then the bootstrap line. */
  readonly steps: readonly string[];
  /** Talos: Pod Security baseline outside kube-system. */
  readonly talos: boolean;
  /** The cluster starts without a CNI. */
  readonly cniNone: boolean;
  /** What `homelab synth` does in the printed steps: writes the tree again in projectDir (listing files that now exist). */
  readonly resynth?: () => void;
}

export interface SimResult {
  /** Keys of every object in the order they became ready. */
  readonly order: string[];
  /** Objects that never became ready, with the last reason. */
  readonly stuck: Record<string, string>;
  /** Bootstrap steps that failed. */
  readonly errors: string[];
  /** Who applied each object last: `bootstrap` (a printed step) or the Kustomization / Application key. */
  readonly owners: Record<string, string>;
}

/** Flux controllers of the kinds they reconcile (the default components of `flux install`). */
const FLUX_CONTROLLER: Record<string, string> = {
  GitRepository: 'source-controller', HelmRepository: 'source-controller', OCIRepository: 'source-controller',
  Kustomization: 'kustomize-controller', HelmRelease: 'helm-controller',
};



export { fluxComponentsStandIn, resynthTree } from './flux-export';

interface Unit { key: string; obj: Obj; owner?: string }

export function simulateBootstrap(input: SimInput): SimResult {
  const dir = input.projectDir;
  const crds = new Set<string>();
  const namespaces = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  const secrets = new Set<string>();
  let cni = !input.cniNone;
  const ready = new Set<string>();
  const order: string[] = [];
  const applied = new Map<string, Unit>();
  const why = new Map<string, string>();
  const errors: string[] = [];
  const sopsSecrets = new Map<string, string[]>(); // folder -> secret keys written by the printed sops commands
  const pools: { addresses: string[]; kind: string }[] = [];

  const markReady = (key: string) => {
    if (ready.has(key)) return;
    ready.add(key);
    order.push(key);
  };

  function readFolder(path: string, out: Obj[], seen = new Set<string>()): string | undefined {
    const full = join(dir, path);
    if (!existsSync(full) || !statSync(full).isDirectory()) return `path not found: ${path}`;
    const kfile = join(full, 'kustomization.yaml');
    if (!existsSync(kfile)) return `no kustomization.yaml in ${path}`;
    if (seen.has(path)) return undefined;
    seen.add(path);
    const k = parseAllDocuments(readFileSync(kfile, 'utf8'))[0]!.toJS();
    for (const r of k.resources ?? []) {
      const rel = join(path, r);
      const p = join(dir, rel);
      if (!existsSync(p)) return `resource not found: ${rel}`;
      if (statSync(p).isDirectory()) {
        const e = readFolder(rel, out, seen);
        if (e) return e;
      } else {
        for (const d of parseAllDocuments(readFileSync(p, 'utf8'))) if (d.toJS()) out.push(d.toJS());
      }
    }
    for (const s of sopsSecrets.get(path) ?? []) {
      const [ns, name] = s.split('/');
      out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns } });
    }
    return undefined;
  }

  /**
   * Applies a batch (Namespaces and CRDs first); refuses the whole batch when one object cannot be applied.
   * Flux applies in stages (CRDs, then what uses them); kubectl (`owner` bootstrap) maps every object's kind
   * before it applies any, so a CRD and its first objects cannot share one `kubectl apply`.
   */
  function apply(objs: Obj[], owner: string | undefined, extraNamespaces: string[] = []): string | undefined {
    const batchNs = new Set([...objs.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name), ...extraNamespaces]);
    const batchCrds = new Set(owner === 'bootstrap' ? [] : objs.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.spec.group));
    for (const o of objs) {
      const g = groupOf(o);
      if (!CORE_GROUPS.has(g) && !crds.has(g) && !batchCrds.has(g)) return `${keyOf(o)}: no matches for ${o.apiVersion} ${o.kind}, ensure CRDs are installed first`;
      const ns = o.metadata?.namespace;
      if (!CLUSTER_SCOPED.has(o.kind) && ns && !namespaces.has(ns) && !batchNs.has(ns)) return `${keyOf(o)}: namespace ${ns} not found`;
    }
    for (const ns of batchNs) namespaces.add(ns);
    for (const o of objs) {
      applied.set(keyOf(o), { key: keyOf(o), obj: o, owner });
      if (o.kind === 'Namespace') nsLabels.set(o.metadata.name, o.metadata.labels?.['pod-security.kubernetes.io/enforce']);
      if (o.kind === 'Secret') secrets.add(`${o.metadata.namespace}/${o.metadata.name}`);
      if (o.kind === 'CustomResourceDefinition') crds.add(o.spec.group);
    }
    return undefined;
  }
  const nsLabels = new Map<string, string | undefined>();

  /** What keeps a chart's pods from running, or undefined. */
  function chartBlocker(chart: string, ns: string): string | undefined {
    if (!cni && chart !== 'cilium') return 'no CNI: pods cannot start';
    if (input.talos && PRIVILEGED_CHARTS[chart] && ns !== 'kube-system' && nsLabels.get(ns) !== 'privileged') return `Pod Security: namespace ${ns} does not admit ${chart}'s privileged pods`;
    for (const provider of CHART_CRD_USES[chart] ?? []) for (const g of CHART_CRDS[provider] ?? []) if (!crds.has(g)) return `${chart} renders ${g} objects before their CRD exists`;
    return undefined;
  }
  const installChart = (chart: string, values: Obj) => {
    for (const g of CHART_CRDS[chart] ?? []) crds.add(g);
    if (chart === 'cilium') cni = true;
    for (const c of at(values, ['controller', 'volumeSnapshotClasses']) ?? []) if (chart === 'snapshot-controller') snapshotClasses.add(c.name);
    const cls = CHART_CLASSES[chart];
    if (cls) classes.set(cls.name, at(values, cls.defaultAt) === true);
  };
  const classes = new Map<string, boolean>(); // storage class -> is default
  const snapshotClasses = new Set<string>();

  const inPool = (ip: string) => pools.some((p) => p.addresses.some((a) => addressIn(ip, a)));
  const lbBlocker = (ip: string | undefined) => (ip && !inPool(ip) ? `LoadBalancer address ${ip} is in no ready pool` : undefined);

  /** Why an applied object is not ready yet, or undefined when it is. */
  function blocker(u: Unit): string | undefined {
    const o = u.obj;
    const ns = o.metadata?.namespace;
    const needSecret = (n: string, name: string) => (secrets.has(`${n}/${name}`) ? undefined : `Secret ${n}/${name} does not exist`);
    const controller = FLUX_CONTROLLER[o.kind];
    if (controller && groupOf(o).endsWith('.toolkit.fluxcd.io') && !ready.has(`Deployment/flux-system/${controller}`)) return `${controller} is not running`;
    switch (o.kind) {
      case 'GitRepository': return o.spec.secretRef ? needSecret(ns, o.spec.secretRef.name) : undefined;
      case 'Kustomization': return kustomization(u);
      case 'HelmRelease': {
        const src = o.spec.chartRef ? `OCIRepository/${ns}/${o.spec.chartRef.name}` : `HelmRepository/${o.spec.chart.spec.sourceRef.namespace}/${o.spec.chart.spec.sourceRef.name}`;
        if (!ready.has(src)) return `source ${src} not ready`;
        const chart = o.spec.chartRef ? String(applied.get(src)?.obj.spec.url).split('/').pop()! : o.spec.chart.spec.chart;
        const b = chartBlocker(chart, ns) ?? chartServiceBlocker(o.spec.values);
        if (b) return b;
        installChart(chart, o.spec.values ?? {});
        return undefined;
      }
      case 'Application': return application(u);
      case 'Service': return o.spec.type === 'LoadBalancer' ? lbBlocker(o.metadata.annotations?.['metallb.io/loadBalancerIPs'] ?? o.metadata.annotations?.['lbipam.cilium.io/ips']) : undefined;
      case 'IPAddressPool': case 'CiliumLoadBalancerIPPool':
        pools.push({ kind: o.kind, addresses: o.spec.addresses ?? o.spec.blocks.map((b: Obj) => b.cidr ?? `${b.start}-${b.stop}`) });
        return undefined;
      case 'InfisicalSecret': {
        const c = o.spec.authentication.universalAuth.credentialsRef;
        const b = needSecret(c.secretNamespace, c.secretName);
        if (!b) secrets.add(`${o.spec.managedSecretReference.secretNamespace}/${o.spec.managedSecretReference.secretName}`);
        return b;
      }
      case 'ClusterIssuer': {
        const ref = o.spec.acme.solvers[0].dns01.cloudflare.apiTokenSecretRef.name;
        return needSecret('cert-manager', ref);
      }
      case 'ReplicationSource': case 'ReplicationDestination': {
        const b = needSecret(ns, o.spec.restic.repository);
        if (b) return b;
        if (!crds.has('volsync.backube')) return 'VolSync is not installed';
        if (o.spec.restic.copyMethod === 'Snapshot' && !snapshotClasses.has(o.spec.restic.volumeSnapshotClassName)) return `copyMethod Snapshot without VolumeSnapshotClass ${o.spec.restic.volumeSnapshotClassName}`;
        return undefined;
      }
      case 'PersistentVolumeClaim': {
        const cls = o.spec.storageClassName ?? [...classes].find(([, d]) => d)?.[0];
        if (!cls || !classes.has(cls)) return `no storage class ${cls ?? '(default)'}`;
        const src = o.spec.dataSourceRef;
        if (src && !ready.has(`${src.kind}/${ns}/${src.name}`)) return `waits for ${src.kind} ${src.name}`;
        return undefined;
      }
      case 'Deployment':
        if (ns === 'flux-system' && !cni) return 'no CNI: pods cannot start';
        // system-upgrade-controller v0.20.1 registers the Plan CRD itself when it starts (pkg/upgrade/controller.go).
        if (o.metadata?.name === 'system-upgrade-controller') {
          if (!cni) return 'no CNI: pods cannot start';
          crds.add('upgrade.cattle.io');
        }
        return undefined;
      case 'StorageClass':
        classes.set(o.metadata.name, o.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
        return undefined;
      default: return undefined;
    }
  }

  function chartServiceBlocker(values: Obj | undefined): string | undefined {
    const ips: string[] = [];
    const walk = (v: any) => {
      if (!v || typeof v !== 'object') return;
      const ip = v['metallb.io/loadBalancerIPs'] ?? v['lbipam.cilium.io/ips'];
      if (typeof ip === 'string') ips.push(ip);
      Object.values(v).forEach(walk);
    };
    walk(values);
    return ips.map(lbBlocker).find(Boolean);
  }

  function kustomization(u: Unit): string | undefined {
    const s = u.obj.spec;
    for (const d of s.dependsOn ?? []) if (!ready.has(`Kustomization/flux-system/${d.name}`)) return `dependsOn ${d.name} not ready`;
    if (!ready.has(`GitRepository/flux-system/${s.sourceRef.name}`)) return `source ${s.sourceRef.name} not ready`;
    if (s.decryption && !secrets.has(`flux-system/${s.decryption.secretRef.name}`)) return `decryption Secret ${s.decryption.secretRef.name} missing`;
    for (const f of s.postBuild?.substituteFrom ?? []) {
      if (f.optional) continue;
      if (f.kind === 'ConfigMap' ? !applied.has(`ConfigMap/flux-system/${f.name}`) : !secrets.has(`flux-system/${f.name}`)) return `substituteFrom ${f.kind} ${f.name} missing`;
    }
    return applyOwned(u.key, s.path, s.wait, []);
  }

  function application(u: Unit): string | undefined {
    const o = u.obj;
    const wave = Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);
    const siblings = [...applied.values()].filter((x) => x.obj.kind === 'Application' && x.owner === u.owner && x.key !== u.key);
    const earlier = siblings.find((x) => Number(x.obj.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0) < wave && !ready.has(x.key));
    if (earlier) return `sync wave ${wave} waits for ${earlier.key}`;
    if (!applied.has(`AppProject/argocd/${o.spec.project}`) && o.spec.project !== 'default') return `AppProject ${o.spec.project} missing`;
    const ns = o.spec.destination.namespace;
    const create = ns && (o.spec.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true') ? [ns] : [];
    for (const src of o.spec.sources ?? [o.spec.source]) {
      if (src.chart) {
        const b = chartBlocker(src.chart, ns) ?? chartServiceBlocker(src.helm?.valuesObject);
        if (b) return b;
      }
    }
    for (const src of o.spec.sources ?? [o.spec.source]) {
      if (src.path) {
        const b = applyOwned(u.key, src.path, true, create);
        if (b) return b;
      } else if (create.length) namespaces.add(create[0]!);
    }
    for (const src of o.spec.sources ?? [o.spec.source]) if (src.chart) installChart(src.chart, src.helm?.valuesObject ?? {});
    return undefined;
  }

  /** Applies the objects of a folder for an owner; with wait, reports the first of them that is not ready. */
  function applyOwned(owner: string, path: string, wait: boolean, extraNs: string[]): string | undefined {
    if (![...applied.values()].some((x) => x.owner === owner)) {
      const objs: Obj[] = [];
      const e = readFolder(path, objs);
      if (e) return e;
      const b = apply(objs, owner, extraNs);
      if (b) return b;
    }
    if (!wait) return undefined;
    const pending = [...applied.values()].find((x) => x.owner === owner && !ready.has(x.key));
    return pending ? `waits for ${pending.key}` : undefined;
  }

  // --- the printed steps ---
  for (const line of input.steps) {
    for (const step of line.split(' && ')) {
      const cmd = step.split(' | ')[0]!.trim();
      const words = cmd.split(/\s+/);
      const flag = (f: string) => { const i = words.indexOf(f); return i >= 0 ? words[i + 1] : undefined; };
      if (cmd.startsWith('kubectl create namespace ')) namespaces.add(words[3]!);
      else if (/^kubectl -n \S+ create secret generic \S+ .*> \S+\.sops\.yaml$/.test(cmd)) {
        const file = cmd.split('> ').pop()!;
        const folder = file.slice(0, file.lastIndexOf('/'));
        sopsSecrets.set(folder, [...(sopsSecrets.get(folder) ?? []), `${words[2]}/${words[6]}`]);
      } else if (cmd.startsWith('kubectl -n ') && words[3] === 'create' && words[4] === 'secret') {
        if (!namespaces.has(words[2]!)) errors.push(`${cmd}: namespace ${words[2]} not found`);
        else secrets.add(`${words[2]}/${words[6]}`);
      } else if (cmd.startsWith('sops ')) continue;
      else if (cmd.startsWith('flux create secret git ')) secrets.add(`flux-system/${words[4]}`);
      else if (/^flux install --version=v\d+\.\d+\.\d+ --export > \S+$/.test(cmd)) {
        // Runs on the workstation: writes the components file, touches no cluster.
        writeFileSync(join(dir, cmd.split('> ').pop()!), fluxComponentsStandIn(words[2]!.slice('--version='.length)));
      } else if (cmd === 'npx homelab synth') {
        if (input.resynth) input.resynth();
        else errors.push(`${cmd}: not simulated (no resynth)`);
      } else if (/^git (add|commit|push)\b/.test(cmd)) continue;
      else if (cmd.startsWith('kubectl wait --for=condition=Established ')) {
        for (const w of words.slice(3)) {
          const group = w.replace(/^crd\/[^.]+\./, '');
          if (!crds.has(group)) errors.push(`${cmd}: ${w} not found`);
        }
      } else if (cmd.startsWith('helm install ')) {
        const [, , release, chartRef] = words;
        const chart = chartRef!.startsWith('oci://') ? chartRef!.split('/').pop()! : chartRef!;
        const ns = flag('-n')!;
        const file = flag('-f');
        if (file && !existsSync(join(dir, file))) errors.push(`${cmd}: values file ${file} not found`);
        if (!namespaces.has(ns) && !words.includes('--create-namespace')) errors.push(`${cmd}: namespace ${ns} not found`);
        namespaces.add(ns);
        const b = chartBlocker(chart, ns);
        if (b) errors.push(`helm install ${release}: ${b}`);
        else installChart(chart, file && existsSync(join(dir, file)) ? parseAllDocuments(readFileSync(join(dir, file), 'utf8'))[0]!.toJS() ?? {} : {});
      } else if (cmd.startsWith('kubectl apply -k ') || cmd.startsWith('kubectl apply -f ')) {
        const target = words[3]!;
        const objs: Obj[] = [];
        if (cmd.includes(' -k ')) {
          const e = readFolder(target, objs);
          if (e) errors.push(`${cmd}: ${e}`);
        } else if (!existsSync(join(dir, target))) errors.push(`${cmd}: ${target} not found`);
        else for (const d of parseAllDocuments(readFileSync(join(dir, target), 'utf8'))) objs.push(d.toJS());
        const b = apply(objs, 'bootstrap');
        if (b) errors.push(`${cmd}: ${b}`);
      } else errors.push(`unknown step: ${cmd}`);
    }
  }

  // --- the controllers, until nothing changes ---
  for (let changed = true; changed;) {
    changed = false;
    const before = applied.size;
    for (const u of [...applied.values()]) {
      if (ready.has(u.key)) continue;
      const b = blocker(u);
      if (b) why.set(u.key, b);
      else {
        markReady(u.key);
        why.delete(u.key);
        changed = true;
      }
    }
    if (applied.size !== before) changed = true;
  }
  const stuck = Object.fromEntries([...applied.keys()].filter((k) => !ready.has(k)).sort().map((k) => [k, why.get(k) ?? 'not ready']));
  const owners = Object.fromEntries([...applied.values()].map((u) => [u.key, u.owner ?? 'bootstrap']));
  return { order, stuck, errors, owners };
}

function addressIn(ip: string, spec: string): boolean {
  const n = (a: string) => a.split('.').reduce((x, o) => x * 256 + Number(o), 0);
  if (spec.includes('/')) {
    const [base, bits] = spec.split('/');
    const size = 2 ** (32 - Number(bits));
    return n(ip) >= n(base!) && n(ip) < n(base!) + size;
  }
  const [a, b] = spec.split('-');
  return n(ip) >= n(a!) && n(ip) <= n(b!);
}
