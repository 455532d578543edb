/**
 * Composes the GitOps tree of a cluster from src/ constructs: one chart per folder. App folders are the
 * same for Flux and Argo CD (Flux adds its HelmRelease there); only the wrappers differ. No logic beyond
 * placing constructs in folders.
 */
import { escapeSubstitution, substitutesVariables } from '../src/gitops/flux-escape';
import { ApiObject, K8sApp, type ApiObjectProps } from '../src/cdk8s';
import { argoApplication, argoNamespaces, argoProject, argoRoot } from '../src/constructs/gitops/argocd-objects';
import { AppWorkloadObjects } from '../src/constructs/gitops/app-workload-objects';
import { ImageWorkload } from '../src/constructs/gitops/image-workload';
import { fluxHelmRelease, fluxHelmRepositories, fluxKustomization } from '../src/constructs/gitops/flux-objects';
import { namespaceObject } from '../src/constructs/gitops/namespace-object';
import { PlatformObjects } from '../src/constructs/gitops/platform-objects';
import type { App, GitOps } from '../src/model/gitops-types';
import { FolderChart } from './folder-chart';
import { fluxSystemFolders } from './flux-system';

/** Folder layout of a cluster's tree (relative to the project and to the Git repository root). */
export function gitopsLayout(g: GitOps) {
  return {
    layer: (layer: string) => `${g.path}/${layer}`,
    namespaces: (layer: string) => `${g.path}/${layer}/namespaces`,
    appDir: (app: App) => `${g.path}/${app.layer}/${app.name}`,
    appContent: (app: App) => `${g.path}/${app.layer}/${app.name}/app`,
    fluxRoot: `${g.path}/flux`,
    fluxSystem: `${g.path}/flux/flux-system`,
    fluxCluster: `${g.path}/flux/cluster`,
    argoRoot: `${g.path}/argocd`,
    argoApps: `${g.path}/argocd/apps`,
  };
}

/**
 * Builds the charts of a cluster's tree; the writer turns each into a folder. `added`: the objects of charts
 * added in code, by app name (see src/gitops/extra-charts.ts). Each chart gets an app of its
 * own: cdk8s validates the whole app on every `toJson()`, which would make one shared app quadratic.
 */
export function buildGitopsCharts(g: GitOps, added: ReadonlyMap<string, readonly Record<string, unknown>[]> = new Map()): FolderChart[] {
  const L = gitopsLayout(g);
  const charts: FolderChart[] = [];
  const chart = (id: string, folder: string) => {
    const c = new FolderChart(new K8sApp(), id, folder);
    charts.push(c);
    return c;
  };
  for (const a of g.apps) {
    const content = chart(`app-${a.name}`, L.appContent(a));
    // Flux's Kustomization of the app needs its path even when the app has no objects yet (SOPS files to come).
    content.keepEmpty = g.engine === 'flux';
    new AppWorkloadObjects(content, 'workload', { app: a, gitops: g });
    new PlatformObjects(content, 'platform', { app: a });
    if (a.image) new ImageWorkload(content, 'image', { app: withLiteralImage(a, g) });
    // Objects of a chart added in code (addChart), as rendered by its own cdk8s App.
    (added.get(a.name) ?? []).forEach((o, i) => new ApiObject(content, `added-${i}`, o as unknown as ApiObjectProps));
    if (g.engine === 'flux' && a.chart) fluxHelmRelease(content, g, a);
  }
  const namespaces = (layer: string, scope: FolderChart) => {
    for (const ns of g.namespaces.filter((n) => n.layer === layer)) namespaceObject(scope, ns);
  };

  if (g.engine === 'flux') {
    fluxSystemFolders(chart('flux-root', L.fluxRoot), chart('flux-system', L.fluxSystem), g, L.fluxRoot);
    const cluster = chart('flux-cluster', L.fluxCluster);
    // The root Kustomization lists this folder: it exists (an empty kustomization) even without apps.
    cluster.keepEmpty = true;
    fluxHelmRepositories(cluster, g);
    g.layers.forEach((layer, i) => {
      if (!g.apps.some((a) => a.layer === layer)) return;
      const previous = g.layers.slice(0, i).filter((l) => g.apps.some((a) => a.layer === l)).at(-1);
      fluxKustomization(cluster, g, `layer-${layer}`, L.layer(layer), previous ? [`layer-${previous}`] : []);
      const layerChart = chart(`layer-${layer}`, L.layer(layer));
      namespaces(layer, layerChart);
      for (const a of g.apps.filter((x) => x.layer === layer)) {
        const wrapper = chart(`ks-${a.name}`, L.appDir(a));
        fluxKustomization(wrapper, g, a.name, L.appContent(a), a.dependsOn);
        layerChart.extraResources.push(`./${a.name}/ks.yaml`);
      }
    });
  } else {
    const root = chart('argo-root', L.argoRoot);
    root.fileName = 'root.yaml';
    argoRoot(root, g, L.argoApps);
    const apps = chart('argo-apps', L.argoApps);
    // The root Application points here: the folder exists (an empty kustomization) even without apps.
    apps.keepEmpty = true;
    for (const layer of g.layers) {
      if (!g.apps.some((a) => a.layer === layer)) continue;
      argoProject(apps, g, layer);
      if (!g.namespaces.some((n) => n.layer === layer)) continue;
      namespaces(layer, chart(`namespaces-${layer}`, L.namespaces(layer)));
      argoNamespaces(apps, g, layer, L.namespaces(layer));
    }
    const folders = new Set(charts.filter(hasObjects).map((c) => c.folder));
    // An app folder with copied manifests is a source even when we derive no object for it.
    const hasFolder = (a: App) => folders.has(L.appContent(a)) || (a.manifests?.length ?? 0) > 0;
    for (const a of g.apps) argoApplication(apps, g, a, hasFolder(a) ? L.appContent(a) : undefined);
  }
  return charts;
}

function hasObjects(c: FolderChart): boolean {
  return c.toJson().length > 0;
}

/** An image app's env and args are literal: Flux must not substitute a `${...}` in them (as in chart values). */
function withLiteralImage(app: App, g: GitOps): App {
  if (!app.image || !substitutesVariables(g)) return app;
  const { env, args } = escapeSubstitution({ env: app.image.env, args: app.image.args ?? [] }, g) as { env: Record<string, string>; args: string[] };
  return { ...app, image: { ...app.image, env, ...(app.image.args ? { args } : {}) } };
}
