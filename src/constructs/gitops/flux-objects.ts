/** Flux objects: sources, HelmRelease, Kustomizations, the Git source and the cluster variables. */
import type { Construct } from 'constructs';
import { GITOPS_DEFAULTS } from '../../defaults';
import type { App, Chart, GitOps } from '../../model/gitops-types';
import { escapeSubstitution, substitutesVariables } from '../../gitops/flux-escape';
import { gpuPostRenderPatches, withGpuValues } from './gpu-injection';
import { k8sObject } from './k8s-object';

export const FLUX_NS = 'flux-system';
/** The names `flux bootstrap` gives its GitRepository and root Kustomization (fluxcd/flux2 v2.9.4 pkg/manifestgen/sync/options.go). */
export const GIT_SOURCE = 'flux-system';
export const CLUSTER_VARIABLES = 'cluster-config';
/** SOPS-encrypted variables (e.g. S3KEY) the user keeps in `cluster-secrets` (flux-system). */
export const CLUSTER_SECRETS = 'cluster-secrets';

/**
 * A Flux Kustomization of `path` (no `./` prefix, as Flux shows it). `wait` (default true) makes it ready
 * only once what it applied is ready; a failed apply retries after `retryInterval`, not the full interval.
 */
export function fluxKustomization(scope: Construct, gitops: GitOps, name: string, path: string, dependsOn: readonly string[], wait = true): void {
  const spec: Record<string, unknown> = {
    interval: gitops.interval,
    retryInterval: GITOPS_DEFAULTS.retryInterval,
    path,
    prune: true,
    wait,
    timeout: '10m',
    sourceRef: { kind: 'GitRepository', name: GIT_SOURCE },
  };
  if (dependsOn.length) spec.dependsOn = dependsOn.map((n) => ({ name: n }));
  if (gitops.secrets?.provider === 'sops') spec.decryption = { provider: 'sops', secretRef: { name: 'sops-age' } };
  if (Object.keys(gitops.variables).length) {
    const secretVars = gitops.secrets?.provider === 'sops' ? [{ kind: 'Secret', name: CLUSTER_SECRETS, optional: true }] : [];
    spec.postBuild = { substituteFrom: [{ kind: 'ConfigMap', name: CLUSTER_VARIABLES }, ...secretVars] };
  }
  k8sObject(scope, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name, namespace: FLUX_NS, body: { spec } });
}

/**
 * gotk-sync.yaml: the Git source and the root Kustomization `flux-system` (applied once by hand, then Flux's own).
 * `rootPath` holds the flux-system folder, so Flux reconciles its own components, as after `flux bootstrap`.
 */
export function fluxSync(scope: Construct, gitops: GitOps, rootPath: string): void {
  k8sObject(scope, {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    name: GIT_SOURCE,
    namespace: FLUX_NS,
    body: { spec: { interval: GITOPS_DEFAULTS.sourceInterval, url: gitops.repoUrl, ref: { branch: gitops.branch }, ...(gitops.repoSecret ? { secretRef: { name: gitops.repoSecret } } : {}) } },
  });
  // The root only applies Flux itself, the sources and the layer Kustomizations; the layers wait for their apps.
  fluxKustomization(scope, { ...gitops, variables: {} }, GIT_SOURCE, rootPath, [], false);
}

/** One HelmRepository per chart repository (OCI charts get an OCIRepository in their app folder). */
export function fluxHelmRepositories(scope: Construct, gitops: GitOps): void {
  const repos = new Map<string, Chart>();
  for (const app of gitops.apps) if (app.chart && !app.chart.oci) repos.set(app.chart.sourceName, app.chart);
  for (const [name, chart] of [...repos].sort(([a], [b]) => a.localeCompare(b))) {
    k8sObject(scope, { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', name, namespace: FLUX_NS, body: { spec: { interval: '1h', url: chart.repo } } });
  }
  if (Object.keys(gitops.variables).length) {
    k8sObject(scope, { apiVersion: 'v1', kind: 'ConfigMap', name: CLUSTER_VARIABLES, namespace: FLUX_NS, body: { data: sorted(gitops.variables) } });
  }
}

/** The app's HelmRelease, with remediation retries and, for GPU apps, a post-render patch. */
export function fluxHelmRelease(scope: Construct, gitops: GitOps, app: App): void {
  const chart = app.chart!;
  const retries = GITOPS_DEFAULTS.remediationRetries;
  const spec: Record<string, unknown> = {
    interval: gitops.interval,
    releaseName: app.name,
    install: { crds: 'CreateReplace', remediation: { retries } },
    upgrade: { crds: 'CreateReplace', cleanupOnFail: true, remediation: { retries, strategy: 'rollback' } },
  };
  if (chart.oci) {
    k8sObject(scope, {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      name: app.name,
      namespace: app.namespace,
      body: { spec: { interval: '1h', url: `${chart.repo.replace(/\/+$/, '')}/${chart.name}`, ref: { tag: chart.version }, layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' } } },
    });
    spec.chartRef = { kind: 'OCIRepository', name: app.name };
  } else {
    spec.chart = { spec: { chart: chart.name, version: chart.version, sourceRef: { kind: 'HelmRepository', name: chart.sourceName, namespace: FLUX_NS } } };
  }
  const values = app.gpu ? withGpuValues(app.values, app.gpu) : app.values;
  if (Object.keys(values).length) spec.values = substitutesVariables(gitops) ? escapeSubstitution(values, gitops) : values;
  if (app.gpu?.target) spec.postRenderers = [{ kustomize: { patches: gpuPostRenderPatches(app.gpu) } }];
  k8sObject(scope, { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: app.name, namespace: app.namespace, body: { spec } });
}

function sorted(rec: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b)));
}
