/**
 * HL-GITOPS-003: on a Flux cluster no app is named `flux-system`. An app's Kustomization is `flux-system/<app>`,
 * and `flux-system/flux-system` is the root Kustomization of gotk-sync.yaml (the name `flux bootstrap` gives it,
 * fluxcd/flux2 v2.9.4 pkg/manifestgen/sync/options.go): the root would list two Kustomizations with one id, which
 * kustomize refuses, and the app's would replace the root.
 */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

/** GIT_SOURCE of src/constructs/gitops/flux-objects.ts (not imported: validation loads no cdk8s). */
const GIT_SOURCE = 'flux-system';

export const gitopsReservedName: Rule = {
  id: 'HL-GITOPS-003',
  severity: 'error',
  description: `On a Flux cluster no app is named ${GIT_SOURCE}: that is the name of the root Kustomization (gotk-sync.yaml).`,
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      if (gitops.engine !== 'flux') continue;
      for (const app of gitops.apps.filter((a) => a.name === GIT_SOURCE)) {
        yield {
          path: app.path,
          message: `app "${app.name}" would get the Kustomization ${GIT_SOURCE}/${app.name}, which is the root Kustomization of the tree (gotk-sync.yaml)`,
          fix: `rename the app (e.g. flux-config); its namespace may stay ${app.namespace}`,
        };
      }
    }
  },
};
