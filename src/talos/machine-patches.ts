/**
 * The Talos config patches of one node, as YAML documents: the machine/cluster fragment derived from the
 * model, the network documents, then the user's patches (cluster-wide, per role, per node) in that order.
 */
import { stringify } from 'yaml';
import { TALOS_DEFAULTS } from '../defaults';
import { longhornUserVolumes } from '../gitops/longhorn-talos-volumes';
import { gpuInfoOf } from '../model/gpu';
import type { TalosCluster, TalosNode } from '../model/types';
import { legacyMachineNetwork, networkDocuments, usesNetworkDocuments, type TalosDocument } from './network-documents';

/** Our v1alpha1 fragment (machine + cluster) for a node. `installerImage` may be a Terraform token. */
export function machineFragment(cluster: TalosCluster, node: TalosNode, installerImage: string): TalosDocument {
  const nic0 = node.vm.nics[0];
  const machine: TalosDocument = {
    install: { disk: node.vm.disks[0]!.device, image: installerImage },
    features: { kubePrism: { enabled: true, port: cluster.kubePrismPort } },
  };
  // With several NICs, kubelet and etcd must use the network of NIC 0, not whichever comes up first.
  if (nic0?.network && node.vm.nics.length > 1) machine.kubelet = { nodeIP: { validSubnets: [nic0.network.cidr] } };
  if (Object.keys(node.labels).length) machine.nodeLabels = sortKeys(node.labels);
  const sysctls: Record<string, string> = {};
  const mounts: TalosDocument[] = [];
  const gpu = gpuInfoOf(node.vm);
  if (gpu?.talosKernelModules.length) machine.kernel = { modules: gpu.talosKernelModules.map((name) => ({ name })) };
  Object.assign(sysctls, gpu?.talosSysctls);
  if (cluster.storage.longhorn) mounts.push(bindMount('/var/lib/longhorn'));
  if (cluster.storage.mayastor && node.vm.disks.some((d) => d.purpose === 'mayastor')) {
    sysctls['vm.nr_hugepages'] = TALOS_DEFAULTS.mayastorHugepages;
    mounts.push(bindMount('/var/local'));
  }
  if (Object.keys(sysctls).length) machine.sysctls = sysctls;
  if (mounts.length) machine.kubelet = { ...(machine.kubelet as object | undefined), extraMounts: mounts };
  if (!usesNetworkDocuments(cluster.talosVersion)) machine.network = legacyMachineNetwork(cluster, node);
  const clusterSection: TalosDocument = {
    network: {
      cni: { name: cluster.cni },
      podSubnets: [cluster.podCidr],
      serviceSubnets: [cluster.serviceCidr],
    },
    proxy: { disabled: !cluster.kubeProxy },
  };
  if (node.role === 'controlplane') {
    clusterSection.allowSchedulingOnControlPlanes = cluster.allowSchedulingOnControlPlanes;
    if (nic0?.network && node.vm.nics.length > 1) clusterSection.etcd = { advertisedSubnets: [nic0.network.cidr] };
  }
  return { machine, cluster: clusterSection };
}

/**
 * All documents of a node's patch, ours first. Longhorn data disks (`purpose: longhorn`) become Talos user
 * volumes mounted at /var/mnt/longhorn, Longhorn's data path (src/gitops/longhorn-talos-volumes.ts).
 */
export function nodeDocuments(cluster: TalosCluster, node: TalosNode, installerImage: string): TalosDocument[] {
  const docs = [machineFragment(cluster, node, installerImage)];
  if (usesNetworkDocuments(cluster.talosVersion)) docs.push(...networkDocuments(cluster, node));
  if (cluster.storage.longhorn) docs.push(...longhornUserVolumes(node.vm));
  return docs;
}

/** The user's patches for a node: cluster-wide, then role, then node. */
export function userPatches(cluster: TalosCluster, node: TalosNode): TalosDocument[] {
  const role = node.role === 'controlplane' ? cluster.patches.controlPlane : cluster.patches.worker;
  return [...cluster.patches.all, ...role, ...node.patches];
}

/** YAML strings for `config_patches`: one multi-document patch of ours, then one per user patch. */
export function nodeConfigPatches(cluster: TalosCluster, node: TalosNode, installerImage: string): string[] {
  return [toYaml(nodeDocuments(cluster, node, installerImage)), ...userPatches(cluster, node).map((p) => toYaml([p]))];
}

export function toYaml(docs: readonly TalosDocument[]): string {
  return docs.map(documentYaml).join('---\n');
}

/**
 * The YAML of one document. Many nodes share documents (the machine fragment of a cluster's workers), so the
 * text is kept per document content (its JSON, which keeps key order like the YAML) — the same bytes, made once.
 */
const yamlByJson = new Map<string, string>();
function documentYaml(d: TalosDocument): string {
  const key = JSON.stringify(d);
  let text = yamlByJson.get(key);
  if (text === undefined) {
    text = stringify(d, { lineWidth: 0, sortMapEntries: false });
    if (yamlByJson.size < 10_000) yamlByJson.set(key, text);
  }
  return text;
}

function bindMount(path: string): TalosDocument {
  return { destination: path, type: 'bind', source: path, options: ['bind', 'rshared', 'rw'] };
}

function sortKeys(rec: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(rec).sort(([a], [b]) => a.localeCompare(b)));
}
