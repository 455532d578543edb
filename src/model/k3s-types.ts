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
  /**
   * Storage the clone is made on (`clone.datastore_id`); bpg then moves the disks to the node's disk storage.
   * Shared when the node is on another host than the template (qemu-server clone_vm refuses local storage there).
   */
  readonly cloneStorage: string;
  /** The node runs on another Proxmox node than the template (`clone.node_name` differs from `node_name`). */
  readonly crossNode: boolean;
}

export interface K3sCluster {
  readonly name: string;
  readonly path: string;
  readonly k3sVersion: string;
  /** The golden image every node is a full clone of. */
  readonly image: GoldenImage;
  readonly servers: readonly K3sNode[];
  readonly agents: readonly K3sNode[];
  /** `https://<vip or first server>:6443`: what the other nodes join and the kubeconfig points at. */
  readonly serverUrl: string;
  /** Virtual IP of the API server (kube-vip), when set. */
  readonly vip?: string;
  /** `cloneStorage` as given in the profile, for rules. */
  readonly cloneStorageInput?: string;
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
