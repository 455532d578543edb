/** Resolved model of K3s clusters (`clusters.<name>` with `type: k3s`). */
import type { GitOps } from './gitops-types';
import type { GoldenImage } from './infra-types';
import type { Vm } from './types';

export interface K3sNode {
  readonly role: 'server' | 'agent';
  readonly vm: Vm;
  /** Static address of NIC 0 (node IP, and the join URL for the first server). */
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly string[];
}

export interface K3sCluster {
  readonly name: string;
  readonly path: string;
  readonly k3sVersion: string;
  /** The golden image every node is a full clone of. */
  readonly image: GoldenImage;
  readonly servers: readonly K3sNode[];
  readonly agents: readonly K3sNode[];
  /** `https://<first server>:6443`: what the other nodes join. */
  readonly serverUrl: string;
  readonly disable: readonly string[];
  readonly tlsSan: readonly string[];
  readonly user: string;
  readonly sshKeys: readonly string[];
  readonly timezone?: string;
  readonly snippetStorage: string;
  readonly kubeconfigPath: string;
  /** The documented kubeconfig fetch, also a Terraform output. */
  readonly kubeconfigCommand: string;
  /** What runs on the cluster, when the profile has a `gitops` section. */
  readonly gitops?: GitOps;
}
