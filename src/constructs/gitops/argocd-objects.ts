/** Argo CD objects: an AppProject per layer, an Application per app (sync waves), and the root app-of-apps. */
import type { Construct } from 'constructs';
import type { App, GitOps } from '../../model/gitops-types';
import { IN_CLUSTER } from '../../model/resolve-gitops';
import { withGpuValues } from './gpu-injection';
import { k8sObject } from './k8s-object';

export const ARGO_NS = 'argocd';

const syncPolicy = { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] };
const retry = { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } };
/**
 * Apps whose objects use another app's CRDs: the dry run of a kind whose CRD is not installed yet fails the
 * whole sync unless skipped (argo-cd docs, user-guide/sync-options "Skip Dry Run for new custom resources
 * types"); the sync wave still orders the apply after the provider.
 */
const appSyncOptions = [...syncPolicy.syncOptions, 'SkipDryRunOnMissingResource=true'];

/** An AppProject per layer; its destination is the cluster the layer's apps run in. */
export function argoProject(scope: Construct, gitops: GitOps, layer: string): void {
  k8sObject(scope, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    name: `${gitops.namePrefix}${layer}`,
    namespace: ARGO_NS,
    body: {
      spec: {
        description: `${gitops.cluster}: layer ${layer}`,
        sourceRepos: ['*'],
        destinations: [{ server: gitops.destinationServer, namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    },
  });
}

/** An Application: the chart (with values) and, when the app has objects of its own, its folder. */
export function argoApplication(scope: Construct, gitops: GitOps, app: App, folder: string | undefined): void {
  const sources: Record<string, unknown>[] = [];
  if (app.chart) {
    const values = app.gpu ? withGpuValues(app.values, app.gpu) : app.values;
    sources.push({
      repoURL: app.chart.oci ? app.chart.repo.replace(/^oci:\/\//, '') : app.chart.repo,
      chart: app.chart.name,
      targetRevision: app.chart.version,
      helm: { releaseName: app.name, ...(Object.keys(values).length ? { valuesObject: values } : {}) },
    });
  }
  if (folder) sources.push({ repoURL: gitops.repoUrl, targetRevision: gitops.branch, path: folder });
  k8sObject(scope, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    name: `${gitops.namePrefix}${app.name}`,
    namespace: ARGO_NS,
    annotations: { 'argocd.argoproj.io/sync-wave': String(app.wave) },
    body: {
      spec: {
        project: `${gitops.namePrefix}${app.layer}`,
        destination: { server: gitops.destinationServer, namespace: app.namespace },
        ...(sources.length === 1 ? { source: sources[0] } : { sources }),
        syncPolicy: { ...syncPolicy, syncOptions: appSyncOptions, retry },
      },
    },
  });
}

/** The namespaces of a layer as their own Application, one wave before the layer's first app. */
export function argoNamespaces(scope: Construct, gitops: GitOps, layer: string, folder: string): void {
  const wave = Math.min(...gitops.apps.filter((a) => a.layer === layer).map((a) => a.wave)) - 1;
  k8sObject(scope, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    name: `${gitops.namePrefix}namespaces-${layer}`,
    namespace: ARGO_NS,
    annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
    body: {
      spec: {
        project: `${gitops.namePrefix}${layer}`,
        destination: { server: gitops.destinationServer },
        source: { repoURL: gitops.repoUrl, targetRevision: gitops.branch, path: folder },
        syncPolicy: { automated: { prune: false, selfHeal: true }, syncOptions: ['ServerSideApply=true'], retry },
      },
    },
  });
}

/** The root Application over the folder of Applications (applied once by hand). */
export function argoRoot(scope: Construct, gitops: GitOps, appsFolder: string): void {
  k8sObject(scope, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    name: `${gitops.cluster}-root`,
    namespace: ARGO_NS,
    body: {
      spec: {
        project: 'default',
        source: { repoURL: gitops.repoUrl, targetRevision: gitops.branch, path: appsFolder },
        destination: { server: IN_CLUSTER, namespace: ARGO_NS },
        syncPolicy,
      },
    },
  });
}
