/**
 * HL-APP-005: on Talos, an app whose chart runs host-level pods lives in a namespace that enforces the
 * `privileged` Pod Security level. Talos enforces `baseline` everywhere but kube-system
 * (siderolabs/talos pkg/machinery/config/generate/init.go, v1.12.0), so the chart's DaemonSet pods are
 * refused, its HelmRelease never becomes ready and every layer after it stalls.
 */
import { levelOf, namespacesOf, PREEXISTING_NAMESPACES } from '../../model/resolve-gitops-derive';
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

export const appPodSecurity: Rule = {
  id: 'HL-APP-005',
  severity: 'error',
  description: 'On Talos, apps whose charts run host-level pods (MetalLB, node-exporter, Longhorn, Cilium, device plugins, CSI drivers, ...) are in a namespace with pod-security.kubernetes.io/enforce: privileged (kube-system is exempt).',
  *check(lab) {
    for (const { cluster, gitops } of gitopsClustersOf(lab)) {
      if (cluster.kind !== 'talos') continue;
      const levels = new Map(namespacesOf(gitops.apps).map((n) => [n.name, n.podSecurity]));
      for (const app of gitops.apps) {
        if (!app.privilegedReason || app.namespace === 'kube-system') continue;
        if (PREEXISTING_NAMESPACES.has(app.namespace)) {
          yield {
            path: `${app.path}.namespace`,
            message: `app "${app.name}" needs Pod Security privileged (${app.privilegedReason}) but namespace "${app.namespace}" is not created by the tree and Talos enforces baseline there`,
            fix: `give ${app.path}.namespace a namespace of its own (e.g. ${app.name})`,
          };
        } else if (levels.get(app.namespace) !== 'privileged') {
          yield {
            path: `${app.path}.podSecurity`,
            message: `app "${app.name}" needs Pod Security privileged (${app.privilegedReason}) but namespace "${app.namespace}" enforces ${levelOf(app) ?? 'baseline'}; its pods are refused`,
            fix: `remove ${app.path}.podSecurity (privileged is derived) or set it to privileged`,
          };
        }
      }
    }
  },
};
