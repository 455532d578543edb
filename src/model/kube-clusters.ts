/** One view of every Kubernetes cluster of a lab, Talos or K3s, for what does not care which (GitOps, LB rules). */
import type { GitOps } from './gitops-types';
import type { Lab, Vm } from './types';

export interface KubeCluster {
  readonly kind: 'talos' | 'k3s';
  readonly name: string;
  /** Profile path, `clusters.<name>`. */
  readonly path: string;
  /** `https://<host>:6443`. */
  readonly clusterEndpoint: string;
  readonly vip?: string;
  /** Every node: control planes / servers first. */
  readonly nodes: readonly { readonly vm: Vm }[];
  /** Nodes that run ordinary pods: a Talos cluster's control planes only with allowSchedulingOnControlPlanes; every K3s node. */
  readonly schedulable: readonly { readonly vm: Vm }[];
  readonly gitops?: GitOps;
}

/**
 * The nodes that run ordinary pods (Longhorn replicas, apps): a Talos cluster taints its control planes unless
 * allowSchedulingOnControlPlanes; K3s servers take pods. The one rule for the Longhorn default and HL-CLUSTER-002.
 */
export function podNodes<T>(c: { readonly talos: boolean; readonly allowSchedulingOnControlPlanes?: boolean }, nodes: readonly T[], workers: readonly T[]): readonly T[] {
  return c.talos && c.allowSchedulingOnControlPlanes === false ? workers : nodes;
}

export function kubeClusters(lab: Lab): KubeCluster[] {
  const talos = lab.clusters.map((c): KubeCluster => ({
    kind: 'talos', name: c.name, path: c.path, clusterEndpoint: c.clusterEndpoint, vip: c.vip, nodes: [...c.controlPlanes, ...c.workers],
    schedulable: podNodes({ talos: true, allowSchedulingOnControlPlanes: c.allowSchedulingOnControlPlanes }, [...c.controlPlanes, ...c.workers], c.workers), gitops: c.gitops,
  }));
  const k3s = lab.k3sClusters.map((c): KubeCluster => ({
    kind: 'k3s', name: c.name, path: c.path, clusterEndpoint: c.serverUrl, vip: c.vip, nodes: [...c.servers, ...c.agents],
    schedulable: [...c.servers, ...c.agents], gitops: c.gitops,
  }));
  return [...talos, ...k3s].sort((a, b) => a.name.localeCompare(b.name));
}
