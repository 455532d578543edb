/**
 * Charts added in code to a cluster's GitOps tree (`TalosCluster.addChart`, `K3sCluster.addChart`,
 * `addGitopsChart`): each becomes an app of its own (folder `<layer>/<name>/app`, a Flux Kustomization or an
 * Argo CD Application, its namespace) rendered by `gitopsFolders` next to the profile's apps. The registry
 * is per resolved cluster (its `GitOps` object), so it lives exactly as long as the lab it was added to.
 */
import type { Construct } from 'constructs';
import { ProfileError } from '../errors';
import type { App, GitOps } from '../model/gitops-types';
import { namespacesOf } from '../model/resolve-gitops-derive';

/**
 * Builds the chart(s) of an app into `scope` (a fresh cdk8s App), e.g. `(scope) => new MyChart(scope, 'web')`.
 * It runs each time the tree is rendered (synth, synth --check), so it should only construct.
 */
export type ChartBuilder = (scope: Construct) => void;

export interface GitopsChartOptions {
  /** Namespace of the app (created by the tree, like a profile app's); set it on namespaced objects too. @default - the app name */
  readonly namespace?: string;
  /** Layer (sync group) of the app, one of `gitops.layers`. @default - the last layer */
  readonly layer?: string;
  /** Apps that must be ready first (profile apps or other added charts). @default - none, besides the CRD providers of its layer */
  readonly dependsOn?: readonly string[];
}

interface ExtraChart {
  readonly name: string;
  readonly options: GitopsChartOptions;
  readonly build: ChartBuilder;
}

const registry = new WeakMap<GitOps, ExtraChart[]>();
const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Adds a chart to the tree of the cluster whose resolved GitOps model is `gitops`; throws on a bad name, layer or dependency. */
export function addGitopsChart(gitops: GitOps, name: string, build: ChartBuilder, options: GitopsChartOptions = {}): void {
  const fail = (message: string, fix: string): never => {
    throw new ProfileError([{ path: `clusters.${gitops.cluster}.addChart("${name}")`, message, fix }]);
  };
  if (!DNS_LABEL.test(name)) fail(`the name ${JSON.stringify(name)} is not a lower-case DNS label`, 'use a-z, 0-9 and "-", e.g. "web"');
  const taken = [...gitops.apps.map((a) => a.name), ...(registry.get(gitops) ?? []).map((x) => x.name)];
  if (taken.includes(name)) fail(`an app named "${name}" already exists`, 'give the chart another name');
  if (options.namespace !== undefined && !DNS_LABEL.test(options.namespace)) fail(`namespace "${options.namespace}" is not a lower-case DNS label`, 'use a-z, 0-9 and "-"');
  if (options.layer !== undefined && !gitops.layers.includes(options.layer)) fail(`layer "${options.layer}" is not one of gitops.layers`, `use one of ${gitops.layers.join(', ')}`);
  for (const dep of options.dependsOn ?? []) {
    if (!taken.includes(dep)) fail(`dependsOn "${dep}" is not an app of the cluster`, `use one of ${taken.join(', ')}`);
  }
  registry.set(gitops, [...(registry.get(gitops) ?? []), { name, options, build }]);
}

/** The charts added to a cluster, in the order they were added. */
export function extraChartsOf(gitops: GitOps): readonly ExtraChart[] {
  return registry.get(gitops) ?? [];
}

/** The cluster's model with an app per added chart (and its namespace); `gitops` itself when none was added. */
export function withExtraCharts(gitops: GitOps): GitOps {
  const extras = extraChartsOf(gitops);
  if (!extras.length) return gitops;
  const apps: App[] = [...gitops.apps];
  for (const x of extras) {
    const layer = x.options.layer ?? gitops.layers[gitops.layers.length - 1]!;
    const layerIndex = gitops.layers.indexOf(layer);
    const providers = apps.filter((a) => a.providesCrds && a.layerIndex === layerIndex).map((a) => a.name);
    const dependsOn = [...new Set([...(x.options.dependsOn ?? []), ...providers])].sort();
    const wave = Math.max(layerIndex * 10 + 1, ...dependsOn.map((d) => apps.find((a) => a.name === d)!.wave + 1));
    apps.push({
      name: x.name,
      namespace: x.options.namespace ?? x.name,
      layer,
      layerIndex,
      values: {},
      dependsOn,
      providesCrds: false,
      derived: false,
      secrets: [],
      extras: [],
      wave,
      path: `addChart("${x.name}") on cluster "${gitops.cluster}"`,
    });
  }
  return { ...gitops, apps, namespaces: namespacesOf(apps) };
}

/**
 * `addChart` of a cluster construct (TalosCluster, K3sCluster): the chart goes into the tree of the cluster's
 * resolved GitOps model; a cluster without a `gitops` section has no tree (ProfileError at the construct).
 */
export function addChartToCluster(construct: Construct, gitops: GitOps | undefined, name: string, build: ChartBuilder, options: GitopsChartOptions = {}): void {
  if (!gitops) {
    throw new ProfileError([{ path: construct.node.path, message: `addChart("${name}"): the cluster has no gitops section, so there is no tree to add a chart to`, fix: 'give the cluster a gitops section' }]);
  }
  addGitopsChart(gitops, name, build, options);
}
