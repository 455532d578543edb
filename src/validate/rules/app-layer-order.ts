/**
 * HL-APP-007: with Flux, an app never depends on an app of a later layer. Each layer Kustomization waits
 * (`wait: true`) for its apps and the next layer's Kustomization depends on it (fluxcd/kustomize-controller
 * api/v1 kustomization_types.go: dependsOn waits for Ready), so an app waiting on a later layer waits forever.
 * Derived dependencies count: the Intel device-plugins operator renders cert-manager Certificates and an app
 * with InfisicalSecret objects needs the Infisical operator.
 */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

export const appLayerOrder: Rule = {
  id: 'HL-APP-007',
  severity: 'error',
  description: 'Flux: an app depends only on apps of its own or an earlier layer (the layers are chained, so a later one never becomes ready first).',
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      if (gitops.engine !== 'flux') continue;
      const byName = new Map(gitops.apps.map((a) => [a.name, a]));
      for (const app of gitops.apps) {
        for (const dep of app.dependsOn) {
          const d = byName.get(dep);
          if (!d || d.layerIndex <= app.layerIndex) continue;
          yield {
            path: `${app.path}.layer`,
            message: `app "${app.name}" (layer ${app.layer}) depends on "${d.name}" (layer ${d.layer}), a later layer; layer ${app.layer} waits for "${app.name}", so neither becomes ready`,
            fix: `move "${app.name}" to layer ${d.layer} or later, or "${d.name}" to layer ${app.layer} or earlier`,
          };
        }
      }
    }
  },
};
