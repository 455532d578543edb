/**
 * The Talos config oracle: our stand-in for `talosctl validate`, which cannot run here. For a node it builds
 * what the talos provider builds — the generator's documents for the node's version contract, our patch,
 * then the user's patches in order (all, role, node) — and runs the ported `Validate()` rules after each
 * step, so that every problem is blamed on the patch that introduced it.
 */
import type { TalosCluster, TalosNode } from '../../model/types';
import { nodeDocuments, userPatches } from '../machine-patches';
import type { TalosDocument } from '../network-documents';
import { generatedDocuments } from './generate';
import { applyPatch } from './merge';
import { type OracleProblem, validateDocuments } from './rules';

export interface NodeProblem extends OracleProblem {
  /** Profile path to blame: the user patch that introduced the problem, else the node. */
  readonly path: string;
  /** The node (VM name). */
  readonly node: string;
}

/** A stand-in for the installer image, which Terraform knows only at apply. */
const INSTALLER = 'factory.talos.dev/nocloud-installer/0000000000000000000000000000000000000000000000000000000000000000';

/** The user's patches of a node with the profile path each comes from, in the order they are applied. */
export function userPatchesWithPaths(cluster: TalosCluster, node: TalosNode): { path: string; patch: TalosDocument }[] {
  const role = node.role === 'controlplane' ? 'controlPlane' : 'worker';
  const at = (path: string, list: readonly TalosDocument[]) => list.map((patch, i) => ({ path: `${path}[${i}]`, patch }));
  const out = [
    ...at(`${cluster.path}.patches.all`, cluster.patches.all),
    ...at(`${cluster.path}.patches.${role}`, cluster.patches[role]),
    ...at(`${node.vm.path}.patches`, node.patches),
  ];
  if (out.length !== userPatches(cluster, node).length) throw new Error('userPatchesWithPaths is out of step with userPatches');
  return out;
}

/** The merged configuration of a node, as the provider hands it to Talos (secrets as placeholders). */
export function mergedConfig(cluster: TalosCluster, node: TalosNode): TalosDocument[] {
  let docs = applyPatch(baseDocuments(cluster, node), nodeDocuments(cluster, node, `${INSTALLER}:${cluster.talosVersion}`));
  for (const { patch } of userPatchesWithPaths(cluster, node)) docs = applyPatch(docs, [patch]);
  return docs;
}

function baseDocuments(cluster: TalosCluster, node: TalosNode): TalosDocument[] {
  return generatedDocuments({
    machineType: node.role,
    talosVersion: cluster.talosVersion,
    kubernetesVersion: cluster.kubernetesVersion,
    clusterName: cluster.name,
    endpoint: cluster.clusterEndpoint,
  });
}

const key = (p: OracleProblem) => `${p.rule}\u0000${p.document}\u0000${p.message}`;

/**
 * Every problem of a node's final merged configuration, each blamed on the first step (our patch, then each
 * user patch) after which it appears; a problem a later patch mends is not reported.
 */
export function checkNode(cluster: TalosCluster, node: TalosNode): NodeProblem[] {
  const v = cluster.talosVersion;
  const steps = [{ path: node.vm.path, patch: nodeDocuments(cluster, node, `${INSTALLER}:${v}`) },
    ...userPatchesWithPaths(cluster, node).map(({ path, patch }) => ({ path, patch: [patch] }))];
  let docs = baseDocuments(cluster, node);
  const found = steps.map(({ patch }) => {
    docs = applyPatch(docs, patch);
    return new Set(validateDocuments(docs, v).map(key));
  });
  return validateDocuments(docs, v).map((p) => ({
    ...p,
    path: steps[Math.max(0, found.findIndex((keys) => keys.has(key(p))))]!.path,
    node: node.vm.name,
  }));
}

/** Every problem of every node of a cluster. */
export function checkCluster(cluster: TalosCluster): NodeProblem[] {
  return [...cluster.controlPlanes, ...cluster.workers].flatMap((n) => checkNode(cluster, n));
}
