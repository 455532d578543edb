/** The workstation side of the Flux bootstrap in the simulation: the exported components and synth run again. */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { gitopsFolders } from '../../src/gitops/synth-gitops';
import { fileExists, writeTree } from '../../src/gitops/write-tree';
import type { GitOps } from '../../src/model/gitops-types';

type Obj = Record<string, any>;

export const FLUX_GROUPS = ['source.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'notification.toolkit.fluxcd.io'];

/**
 * A stand-in for `flux install --export`: the flux-system Namespace, the CRDs of the Flux groups and the
 * controllers' Deployments (the real file also has RBAC, Services and NetworkPolicies; the sim needs none).
 */
export function fluxComponentsStandIn(version: string): string {
  const plural: Record<string, string[]> = {
    'source.toolkit.fluxcd.io': ['GitRepository', 'HelmRepository', 'OCIRepository', 'HelmChart', 'Bucket'],
    'kustomize.toolkit.fluxcd.io': ['Kustomization'], 'helm.toolkit.fluxcd.io': ['HelmRelease'],
    'notification.toolkit.fluxcd.io': ['Provider', 'Alert', 'Receiver'],
  };
  const docs: Obj[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system', labels: { 'app.kubernetes.io/version': version } } }];
  for (const g of FLUX_GROUPS) for (const kind of plural[g]!) {
    const name = `${kind.toLowerCase().replace(/y$/, 'ie')}s.${g}`;
    docs.push({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec: { group: g, names: { kind }, scope: 'Namespaced' } });
  }
  for (const c of ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller']) {
    docs.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: c, namespace: 'flux-system' }, spec: { template: { spec: { containers: [{ name: 'manager', image: `ghcr.io/fluxcd/${c}` }] } } } });
  }
  return docs.map((d) => stringify(d)).join('---\n');
}

/** `homelab synth` again for SimInput.resynth: the tree's folders, now listing the files that exist. */
export function resynthTree(g: GitOps, projectDir: string): () => void {
  return () => { writeTree(gitopsFolders(g), g.path, join(projectDir, g.path), fileExists(projectDir)); };
}
