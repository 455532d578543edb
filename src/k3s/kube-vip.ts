/**
 * kube-vip for a K3s cluster with a `vip`: ARP mode, control-plane VIP only, with leader election among the
 * servers. kube-vip's K3s guide (kube-vip.io/docs/usage/k3s) installs it as a DaemonSet with its RBAC through K3s'
 * auto-deploy directory, because K3s starts its first server without the VIP; the servers carry the VIP as a
 * `tls-san`. Environment names and the capabilities are those kube-vip v1.2.3 generates
 * (pkg/kubevip/config_envvar.go, config_generator.go); without `vip_interface` kube-vip binds the VIP to the
 * interface of the default route (cmd/kube-vip.go), which is NIC 0 here.
 */
import { K3S_DEFAULTS } from '../defaults';
import type { K3sCluster } from '../model/k3s-types';

const NAME = 'kube-vip';
const NS = 'kube-system';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/**
 * The kube-vip objects (ServiceAccount, ClusterRole, ClusterRoleBinding, DaemonSet), in apply order. The RBAC rules
 * are those of kube-vip's published rbac.yaml (kube-vip.io/manifests/rbac.yaml, linked from the K3s guide).
 */
export function kubeVipObjects(cluster: K3sCluster): Record<string, unknown>[] {
  if (!cluster.vip) return [];
  const version = K3S_DEFAULTS.kubeVipImage.split(':').pop()!;
  const labels = { 'app.kubernetes.io/name': NAME };
  const env: [string, string][] = [
    ['vip_arp', 'true'],
    ['port', '6443'],
    ['vip_address', cluster.vip],
    ['cp_enable', 'true'],
    ['cp_namespace', NS],
    ['svc_enable', 'false'],
    ['vip_leaderelection', 'true'],
    ['vip_leasename', 'plndr-cp-lock'],
  ];
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NAME, namespace: NS } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `system:${NAME}-role` },
      rules: [
        { apiGroups: [''], resources: ['services', 'services/status', 'endpoints'], verbs: ['list', 'get', 'watch', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'get', 'watch', 'update', 'patch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['list', 'get', 'watch', 'update', 'create'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'get', 'watch', 'update'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `system:${NAME}-binding` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `system:${NAME}-role` },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NS }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: NAME, namespace: NS, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels: { ...labels, 'app.kubernetes.io/version': version } },
          spec: {
            serviceAccountName: NAME,
            hostNetwork: true,
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: CONTROL_PLANE, operator: 'Exists' }] }] } } },
            tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
            containers: [{
              name: NAME,
              image: K3S_DEFAULTS.kubeVipImage,
              imagePullPolicy: 'IfNotPresent',
              args: ['manager'],
              env: env.map(([name, value]) => ({ name, value })),
              securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] } },
            }],
          },
        },
      },
    },
  ];
}

/** Path of the manifest on the servers (K3s applies it at start). */
export const KUBE_VIP_MANIFEST = `${K3S_DEFAULTS.manifestsDir}/kube-vip.yaml`;
