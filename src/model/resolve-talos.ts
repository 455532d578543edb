/** Resolves `clusters.<name>` (Talos) into a TalosCluster with its nodes. */
import { TALOS_DEFAULTS } from '../defaults';
import type { TalosClusterInput, TalosNodeInput } from '../schema/cluster';
import { gpuInfoOf } from './gpu';
import type { PciMapping } from './infra-types';
import type { Problems } from './problems';
import { resolveGitOps } from './resolve-gitops';
import { resolveVm } from './resolve-vm';
import type { Host, TalosCluster, TalosNode } from './types';

function resolveNode(
  path: string,
  role: TalosNode['role'],
  input: TalosNodeInput,
  cluster: TalosClusterInput,
  hosts: ReadonlyMap<string, Host>,
  problems: Problems,
  mappings?: ReadonlyMap<string, PciMapping>,
): TalosNode | undefined {
  const cp = role === 'controlplane';
  const vm = resolveVm(path, input.name, {
    ...input,
    cores: input.cores ?? (cp ? TALOS_DEFAULTS.controlPlaneCores : TALOS_DEFAULTS.workerCores),
    memoryMiB: input.memoryMiB ?? (cp ? TALOS_DEFAULTS.controlPlaneMemoryMiB : TALOS_DEFAULTS.workerMemoryMiB),
    cloudInit: { ...input.cloudInit, dns: input.cloudInit?.dns ?? cluster.nameservers },
  }, hosts, problems, mappings);
  if (!vm) return undefined;
  const address = vm.nics[0]?.ip;
  if (!address) {
    problems.add(`${path}.nics[0].address`, 'a Talos node needs a static address on NIC 0 (Terraform applies the config there)',
      'set an address such as 10.10.0.41');
  }
  const extensions = new Set<string>([...TALOS_DEFAULTS.baseExtensions, ...(cluster.extensions ?? [])]);
  const gpu = gpuInfoOf(vm);
  const talosVersion = cluster.talosVersion ?? TALOS_DEFAULTS.talosVersion;
  gpu?.talosExtensions(talosVersion).forEach((e) => extensions.add(e));
  if (cluster.storage?.longhorn) TALOS_DEFAULTS.longhornExtensions.forEach((e) => extensions.add(e));
  const labels: Record<string, string> = { ...input.labels };
  if (gpu) labels[gpu.nodeLabel[0]] ??= gpu.nodeLabel[1];
  if (cluster.storage?.mayastor && vm.disks.some((d) => d.purpose === 'mayastor')) labels['openebs.io/engine'] ??= 'mayastor';
  return {
    role,
    vm,
    address: address ?? '',
    labels,
    patches: input.patches ?? [],
    extensions: [...extensions].sort(),
  };
}

export function resolveTalosCluster(
  name: string,
  c: TalosClusterInput,
  hosts: ReadonlyMap<string, Host>,
  problems: Problems,
  mappings?: ReadonlyMap<string, PciMapping>,
): TalosCluster {
  const path = `clusters.${name}`;
  const nodes = (role: TalosNode['role'], key: 'controlPlanes' | 'workers') =>
    (c[key] ?? [])
      .map((n, i) => resolveNode(`${path}.${key}[${i}]`, role, n, c, hosts, problems, mappings))
      .filter((n): n is TalosNode => n !== undefined);
  const controlPlanes = nodes('controlplane', 'controlPlanes');
  const workers = nodes('worker', 'workers');
  const endpointHost = c.endpoint ?? c.vip ?? controlPlanes[0]?.address ?? '';
  const resolved: TalosCluster = {
    name,
    path,
    talosVersion: c.talosVersion ?? TALOS_DEFAULTS.talosVersion,
    kubernetesVersion: c.kubernetesVersion ?? TALOS_DEFAULTS.kubernetesVersion,
    vip: c.vip,
    endpointHost,
    clusterEndpoint: `https://${endpointHost}:6443`,
    controlPlanes,
    workers,
    cni: c.cni ?? TALOS_DEFAULTS.cni,
    kubeProxy: c.kubeProxy ?? TALOS_DEFAULTS.kubeProxy,
    kubePrismPort: c.kubePrismPort ?? TALOS_DEFAULTS.kubePrismPort,
    allowSchedulingOnControlPlanes: c.allowSchedulingOnControlPlanes ?? workers.length === 0,
    podCidr: c.podCidr ?? TALOS_DEFAULTS.podCidr,
    serviceCidr: c.serviceCidr ?? TALOS_DEFAULTS.serviceCidr,
    nameservers: c.nameservers ?? controlPlanes[0]?.vm.nics[0]?.network?.dns ?? [],
    patches: { all: c.patches?.all ?? [], controlPlane: c.patches?.controlPlane ?? [], worker: c.patches?.worker ?? [] },
    kubeconfigPath: c.kubeconfigPath ?? TALOS_DEFAULTS.kubeconfigPath.replace('{cluster}', name),
    talosconfigPath: c.talosconfigPath ?? TALOS_DEFAULTS.talosconfigPath.replace('{cluster}', name),
    imageFactoryUrl: (c.imageFactoryUrl ?? TALOS_DEFAULTS.imageFactoryUrl).replace(/\/+$/, ''),
    imageDatastore: c.imageDatastore ?? TALOS_DEFAULTS.imageDatastore,
    storage: { longhorn: c.storage?.longhorn !== undefined, mayastor: c.storage?.mayastor !== undefined },
  };
  return { ...resolved, gitops: resolveGitOps(c, { ...resolved, nodes: [...controlPlanes, ...workers] }, problems) };
}
