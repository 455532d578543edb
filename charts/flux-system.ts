/**
 * The flux-system folder `flux bootstrap` writes (fluxcd/flux2 v2.9.4 pkg/bootstrap/bootstrap_plain_git.go,
 * pkg/manifestgen/sync/sync.go): `gotk-components.yaml` (the controllers, CRDs and RBAC of the pinned Flux
 * release, exported by the Flux CLI during the bootstrap; never written by synth) and `gotk-sync.yaml` (the
 * GitRepository and Kustomization `flux-system`). The root Kustomization points at `<path>/flux`, whose
 * kustomization lists `cluster` and `flux-system`, so Flux reconciles its own components (and upgrades).
 */
import { fluxSync } from '../src/constructs/gitops/flux-objects';
import type { GitOps } from '../src/model/gitops-types';
import type { FolderChart } from './folder-chart';

/** File the bootstrap exports the Flux components into (`flux install --export`), relative to the flux-system folder. */
export const GOTK_COMPONENTS = 'gotk-components.yaml';
/** File of the GitRepository and Kustomization `flux-system`. */
export const GOTK_SYNC = 'gotk-sync.yaml';

export function fluxSystemFolders(root: FolderChart, system: FolderChart, g: GitOps, rootPath: string): void {
  root.extraResources.push('./cluster', './flux-system');
  system.bundleFile = GOTK_SYNC;
  // Listed once the bootstrap has exported it: the folder builds (and applies the sync objects) either way.
  system.optionalResources.push(GOTK_COMPONENTS);
  fluxSync(system, g, rootPath);
}
