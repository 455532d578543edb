/** Renders the charts added in code (extra-charts.ts) with cdk8s; only the GitOps synth loads this (and cdk8s). */
import { K8sApp } from '../cdk8s';
import type { GitOps } from '../model/gitops-types';
import { extraChartsOf } from './extra-charts';

/** The objects of every added chart, by app name: each builder runs in a cdk8s App of its own. */
export function renderExtraCharts(gitops: GitOps): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const x of extraChartsOf(gitops)) {
    const app = new K8sApp();
    x.build(app);
    out.set(x.name, app.charts.flatMap((c) => c.toJson() as Record<string, unknown>[]));
  }
  return out;
}
