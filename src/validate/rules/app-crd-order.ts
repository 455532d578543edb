/**
 * HL-APP-003: a CRD provider syncs before the apps that use its CRDs. Argo CD: the user's sync wave is
 * strictly higher. Flux: the user reaches the provider through dependsOn, directly or through other apps,
 * or the provider sits in an earlier layer (layers sync in order).
 */
import type { App } from '../../model/gitops-types';
import type { Rule } from '../finding';
import { crdNeedsOf, gitopsClustersOf } from '../walk-gitops';

/** Flux: `app` is applied after `provider` (earlier layer, or a dependsOn path, possibly through layers). */
function fluxOrdered(app: App, provider: App, byName: ReadonlyMap<string, App>, seen = new Set<string>()): boolean {
  if (provider.layerIndex < app.layerIndex) return true;
  if (seen.has(app.name)) return false;
  seen.add(app.name);
  return app.dependsOn.some((d) => d === provider.name || (byName.has(d) && fluxOrdered(byName.get(d)!, provider, byName, seen)));
}

export const appCrdOrder: Rule = {
  id: 'HL-APP-003',
  severity: 'error',
  description: 'An app that depends on, or creates objects of, a CRD-providing app syncs after it: a higher sync wave (Argo CD), a dependsOn path or an earlier layer (Flux).',
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      const byName = new Map(gitops.apps.map((a) => [a.name, a]));
      for (const app of gitops.apps) {
        for (const need of crdNeedsOf(app, gitops.apps)) {
          const p = need.provider;
          if (gitops.engine === 'argocd' ? app.wave > p.wave : fluxOrdered(app, p, byName)) continue;
          yield {
            path: need.path,
            message: gitops.engine === 'argocd'
              ? `app "${app.name}" (sync wave ${app.wave}) ${need.why} "${p.name}" (sync wave ${p.wave}); its objects would sync before the CRDs exist`
              : `app "${app.name}" (layer ${app.layer}) ${need.why} "${p.name}" (layer ${p.layer}) without a dependsOn path to it or an earlier layer; Flux may apply it before the CRDs exist`,
            fix: `add "${p.name}" to ${app.path}.dependsOn, or move "${p.name}" to an earlier layer than ${app.layer}`,
          };
        }
      }
    }
  },
};
