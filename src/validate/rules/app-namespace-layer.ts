/** HL-APP-004: the apps sharing a namespace sync in one layer. */
import type { App } from '../../model/gitops-types';
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

/** Namespaces no app folder creates (Kubernetes' own, the engines'): sharing them across layers is harmless. */
const PREEXISTING = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'flux-system', 'argocd']);

export const appNamespaceLayer: Rule = {
  id: 'HL-APP-004',
  severity: 'warning',
  description: 'Apps that share a namespace (other than kube-system, default, flux-system and argocd) are in the same layer; otherwise objects of one namespace sync, and prune, in two layers.',
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      const first = new Map<string, App>();
      for (const app of [...gitops.apps].sort((a, b) => a.layerIndex - b.layerIndex || a.name.localeCompare(b.name))) {
        if (PREEXISTING.has(app.namespace)) continue;
        const owner = first.get(app.namespace);
        if (!owner) {
          first.set(app.namespace, app);
          continue;
        }
        if (owner.layer === app.layer) continue;
        yield {
          path: `${app.path}.namespace`,
          message: `namespace "${app.namespace}" of app "${app.name}" (layer ${app.layer}) is shared with app "${owner.name}" (layer ${owner.layer}); its objects sync in two layers`,
          fix: `move "${app.name}" to layer ${owner.layer}, or give it its own namespace`,
        };
      }
    }
  },
};
