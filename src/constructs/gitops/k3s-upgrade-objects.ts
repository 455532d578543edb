/**
 * In-place K3s upgrades, the way K3s documents them (docs.k3s.io/upgrades/automated): the
 * system-upgrade-controller (rancher/system-upgrade-controller v0.20.1, its manifests/ rewritten here with a pinned
 * image) and two `upgrade.cattle.io/v1` Plans: servers one at a time (`concurrency: 1`, cordoned), then agents,
 * whose `prepare` step waits for the server Plan (`prepare k3s-server`, rancher/k3s-upgrade). Plan fields follow
 * pkg/apis/upgrade.cattle.io/v1/types.go at v0.20.1 (vendored CRD: schemas/crds/upgrade.cattle.io/plan.yaml).
 */
import type { Construct } from 'constructs';
import { K3S_DEFAULTS } from '../../defaults';
import { k8sObject } from './k8s-object';

const NS = K3S_DEFAULTS.systemUpgradeNamespace;
const SA = 'system-upgrade';
const NAME = 'system-upgrade-controller';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const SERVER_PLAN = 'k3s-server';

const rule = (apiGroups: string[], resources: string[], verbs: string[]) => ({ apiGroups, resources, verbs });

/**
 * ServiceAccount, RBAC (controller + the drain its jobs do) and the controller Deployment. The namespace comes with
 * the app (labelled privileged: the upgrade jobs run privileged on the host).
 */
export function systemUpgradeController(scope: Construct): void {
  k8sObject(scope, { apiVersion: 'v1', kind: 'ServiceAccount', name: SA, namespace: NS });
  const read = ['get', 'list', 'watch'];
  const write = ['create', 'delete', 'deletecollection', 'patch', 'update'];
  k8sObject(scope, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    name: NAME,
    body: {
      rules: [
        rule(['upgrade.cattle.io'], ['plans', 'plans/status'], [...read, ...write]),
        rule(['apiextensions.k8s.io'], ['customresourcedefinitions'], [...read, 'create', 'patch', 'update']),
        rule(['batch'], ['jobs'], [...read, ...write]),
        rule([''], ['nodes'], [...read, 'patch', 'update']),
        rule([''], ['namespaces', 'secrets'], read),
        rule([''], ['events'], ['get', 'create', 'patch', 'update']),
        rule(['coordination.k8s.io'], ['leases'], [...read, 'create', 'update']),
        // what the upgrade jobs' drain does
        rule([''], ['pods'], ['get', 'list', 'delete']),
        rule([''], ['pods/eviction'], ['create']),
        rule(['apps'], ['statefulsets', 'daemonsets', 'replicasets'], ['get', 'list']),
      ],
    },
  });
  k8sObject(scope, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    name: NAME,
    body: { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME }, subjects: [{ kind: 'ServiceAccount', name: SA, namespace: NS }] },
  });
  const labels = { 'upgrade.cattle.io/controller': NAME };
  const field = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
  k8sObject(scope, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: NAME,
    namespace: NS,
    body: {
      spec: {
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          // the controller label keeps the drain from evicting the controller itself
          metadata: { labels: { ...labels, 'app.kubernetes.io/name': NAME } },
          spec: {
            serviceAccountName: SA,
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: CONTROL_PLANE, operator: 'Exists' }] }] } } },
            tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' }],
            containers: [{
              name: NAME,
              image: K3S_DEFAULTS.systemUpgradeControllerImage,
              imagePullPolicy: 'IfNotPresent',
              env: [
                field('SYSTEM_UPGRADE_CONTROLLER_NAME', "metadata.labels['upgrade.cattle.io/controller']"),
                field('SYSTEM_UPGRADE_CONTROLLER_NAMESPACE', 'metadata.namespace'),
                field('SYSTEM_UPGRADE_CONTROLLER_NODE_NAME', 'spec.nodeName'),
              ],
              securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'etc-ssl', mountPath: '/etc/ssl', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'etc-ssl', hostPath: { path: '/etc/ssl', type: 'DirectoryOrCreate' } }, { name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
  });
}

export interface K3sUpgradePlansOptions {
  readonly version: string;
  /** Taint keys of the agents, tolerated by the agent Plan's jobs. */
  readonly agentTolerations: readonly string[];
  /** Whether the cluster has agents (no agent Plan otherwise). */
  readonly agents: boolean;
}

/** The server Plan and, when there are agents, the agent Plan. */
export function k3sUpgradePlans(scope: Construct, o: K3sUpgradePlansOptions): void {
  const image = K3S_DEFAULTS.k3sUpgradeImage;
  // The Plan CRD appears only once the controller runs: Argo CD must not dry-run the Plans before (Flux waits for
  // the controller's Kustomization and retries).
  const plan = (name: string, spec: Record<string, unknown>) => k8sObject(scope, {
    apiVersion: 'upgrade.cattle.io/v1', kind: 'Plan', name, namespace: NS, annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' }, body: { spec: { version: o.version, serviceAccountName: SA, ...spec, upgrade: { image } } },
  });
  plan(SERVER_PLAN, {
    concurrency: 1,
    cordon: true,
    nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: 'In', values: ['true'] }] },
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' }],
  });
  if (!o.agents) return;
  plan('k3s-agent', {
    concurrency: K3S_DEFAULTS.agentUpgradeConcurrency,
    nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: 'DoesNotExist' }] },
    ...(o.agentTolerations.length ? { tolerations: o.agentTolerations.map((key) => ({ key, operator: 'Exists' })) } : {}),
    prepare: { image, args: ['prepare', SERVER_PLAN] },
    drain: { force: true, skipWaitForDeleteTimeout: 60 },
  });
}
