/**
 * How a GPU app gets its GPU without losing the chart's own settings (shared by Flux and Argo CD):
 *
 * - values: `resources.limits.<resource>`, `nodeSelector` and (NVIDIA) `runtimeClassName` deep-merged UNDER the
 *   profile's values (the profile wins), so charts that render `.Values.resources` into their container keep
 *   their requests and other limits and gain the GPU limit. Argo CD has only this (a Helm source has no
 *   post-renderer).
 * - Flux post-renderer, per Deployment/StatefulSet: a strategic-merge patch for `nodeSelector` and
 *   `runtimeClassName` (maps merge: the chart's selectors stay), and a JSON patch that adds only the leaf
 *   `/spec/template/spec/containers/0/resources/limits/<resource>` (JSON-pointer escaped). A JSON-patch `add`
 *   of a leaf fails when its parent map is missing (kustomize v5.5 "doc is missing path"), which the values
 *   above prevent for charts that render `.Values.resources`; for others set `resources.limits` under the
 *   chart's own values path.
 */
import type { AppGpu } from '../../model/gitops-types';
import { mergeValues } from '../../model/merge-values';

type Target = NonNullable<AppGpu['target']>;

/** RFC 6901: `~` -> `~0`, `/` -> `~1`. */
export const jsonPointerToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

function podSpecFields(t: Target): Record<string, unknown> {
  return { ...(t.runtimeClass ? { runtimeClassName: t.runtimeClass } : {}), nodeSelector: { ...t.nodeSelector } };
}

/** The app's values with the GPU settings underneath. */
export function withGpuValues(values: Readonly<Record<string, unknown>>, gpu: AppGpu): Readonly<Record<string, unknown>> {
  const t = gpu.target;
  if (!t) return values;
  return mergeValues({ ...podSpecFields(t), resources: { limits: { [t.resource]: gpu.count } } }, values);
}

/** Flux `postRenderers[].kustomize.patches` for the app's workloads. */
export function gpuPostRenderPatches(gpu: AppGpu): object[] {
  const t = gpu.target;
  if (!t) return [];
  const limit = [{ op: 'add', path: `/spec/template/spec/containers/0/resources/limits/${jsonPointerToken(t.resource)}`, value: gpu.count }];
  return ['Deployment', 'StatefulSet'].flatMap((kind) => [
    {
      target: { kind },
      // The target selects the objects; kustomize ignores the patch's own name when a target is given.
      patch: JSON.stringify({ apiVersion: 'apps/v1', kind, metadata: { name: 'gpu' }, spec: { template: { spec: podSpecFields(t) } } }),
    },
    { target: { kind }, patch: JSON.stringify(limit) },
  ]);
}
