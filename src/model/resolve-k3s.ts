/** Resolves `clusters.<name>` with `type: k3s` into a K3sCluster: nodes are full clones of a golden image. */
import { resolveGitOps } from './resolve-gitops';
import { K3S_DEFAULTS } from '../defaults';
import type { K3sClusterInput, K3sNodeInput } from '../schema/k3s';
import { gpuInfoOf } from './gpu';
import type { GoldenImage, PciMapping } from './infra-types';
import type { K3sCluster, K3sNode } from './k3s-types';
import { cloneStorageOf } from './clone-storage';
import type { Problems } from './problems';
import { checkStorage } from './resolve-proxmox';
import { resolveVm } from './resolve-vm';
import type { Host } from './types';

const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

interface Context {
  readonly cluster: K3sClusterInput;
  readonly image: GoldenImage;
  readonly hosts: ReadonlyMap<string, Host>;
  readonly problems: Problems;
  readonly mappings?: ReadonlyMap<string, PciMapping>;
}

function resolveNode(path: string, role: K3sNode['role'], input: K3sNodeInput, ctx: Context): K3sNode | undefined {
  const { cluster, image, problems } = ctx;
  const server = role === 'server';
  const { labels: inputLabels, taints, ...spec } = input;
  const vm = resolveVm(path, input.name, {
    ...spec,
    cores: input.cores ?? (server ? K3S_DEFAULTS.serverCores : K3S_DEFAULTS.agentCores),
    memoryMiB: input.memoryMiB ?? (server ? K3S_DEFAULTS.serverMemoryMiB : K3S_DEFAULTS.agentMemoryMiB),
    machine: input.machine ?? image.template.machine,
    bios: input.bios ?? image.template.bios,
    cloudInit: {
      ...input.cloudInit,
      user: input.cloudInit?.user ?? cluster.user ?? image.user,
      sshKeys: input.cloudInit?.sshKeys ?? cluster.sshKeys,
    },
  }, ctx.hosts, problems, ctx.mappings);
  if (!vm) return undefined;
  const address = vm.nics[0]?.ip;
  if (!address) {
    problems.add(`${path}.nics[0].address`, 'a K3s node needs a static address on NIC 0 (node IP and join URL)', 'set an address such as 10.20.11.21');
  }
  const templateDisk = image.template.disks[0]!;
  const disk = vm.disks[0]!;
  if (disk.interface !== templateDisk.interface) {
    problems.add(`${path}.disks[0].interface`, `disk 0 is ${disk.interface} but the template disk of image "${image.name}" is ${templateDisk.interface}`,
      `use interface ${templateDisk.interface} (the clone's disk is resized, not added)`);
  }
  if (disk.sizeGiB < templateDisk.sizeGiB) {
    problems.add(`${path}.disks[0].sizeGiB`, `${disk.sizeGiB} GiB is smaller than the template disk (${templateDisk.sizeGiB} GiB)`, `use at least ${templateDisk.sizeGiB}`);
  }
  const labels: Record<string, string> = { ...inputLabels };
  const gpu = gpuInfoOf(vm);
  if (gpu) labels[gpu.nodeLabel[0]] ??= gpu.nodeLabel[1];
  const crossNode = vm.host.key !== image.template.host.key;
  return { role, vm, address: address ?? '', labels, taints: taints ?? [], crossNode, cloneStorage: cloneStorageOf(image, crossNode, disk.storage, cluster.cloneStorage) };
}

export function resolveK3sCluster(
  name: string,
  c: K3sClusterInput,
  images: ReadonlyMap<string, GoldenImage>,
  hosts: ReadonlyMap<string, Host>,
  problems: Problems,
  mappings?: ReadonlyMap<string, PciMapping>,
): K3sCluster | undefined {
  const path = `clusters.${name}`;
  const image = images.get(c.template);
  if (!image) {
    problems.add(`${path}.template`, `image "${c.template}" is not defined`, `use one of ${list(images.keys())} or add it under images`);
    return undefined;
  }
  const ctx: Context = { cluster: c, image, hosts, problems, mappings };
  const nodes = (role: K3sNode['role'], key: 'servers' | 'agents') =>
    (c[key] ?? [])
      .map((n, i) => resolveNode(`${path}.${key}[${i}]`, role, n, ctx))
      .filter((n): n is K3sNode => n !== undefined);
  const servers = nodes('server', 'servers');
  const agents = nodes('agent', 'agents');
  const snippetStorage = c.snippetStorage ?? K3S_DEFAULTS.snippetStorage;
  const nodeHosts = new Map([...servers, ...agents].map((n) => [n.vm.host.key, n.vm.host]));
  for (const host of nodeHosts.values()) checkStorage(`${path}.snippetStorage`, host, snippetStorage, 'snippets', problems);
  const k3sVersion = c.k3sVersion ?? K3S_DEFAULTS.k3sVersion;
  const first = servers[0]?.address ?? '';
  const apiHost = c.vip ?? first;
  const user = c.user ?? image.user;
  const kubeconfigPath = c.kubeconfigPath ?? K3S_DEFAULTS.kubeconfigPath.replace('{cluster}', name);
  const serverUrl = `https://${apiHost}:6443`;
  // K3s deploys RuntimeClass nvidia (and others) itself from k3s-io/k3s manifests/runtimes.yaml: the tree must not
  // create it, or Flux would own it and prune K3s' object when the app goes away.
  const gitops = resolveGitOps(c, { name, path, clusterEndpoint: serverUrl, nodes: [...servers, ...agents], builtinNvidiaRuntimeClass: true,
    k3sUpgrade: { version: k3sVersion, agents: agents.length > 0, agentTaintKeys: [...new Set(agents.flatMap((a) => a.taints.map((t) => t.split(/[=:]/)[0]!)))].sort() },
  }, problems);
  return {
    name,
    path,
    gitops,
    k3sVersion,
    image,
    servers,
    agents,
    serverUrl,
    vip: c.vip,
    cloneStorageInput: c.cloneStorage,
    disable: [...new Set(c.disable ?? [])].sort(),
    tlsSan: [...new Set([...(c.vip ? [c.vip] : []), ...(c.tlsSan ?? [])])],
    user,
    sshKeys: c.sshKeys,
    timezone: c.timezone ?? image.timezone,
    snippetStorage,
    kubeconfigPath,
    kubeconfigCommand: kubeconfigCommand(user, first, apiHost, kubeconfigPath),
  };
}

/**
 * The documented kubeconfig fetch: read K3s' admin kubeconfig on the first server, point it at the VIP (or that
 * server), and write it with mode 0600 (umask 077) into a directory created first.
 */
function kubeconfigCommand(user: string, first: string, apiHost: string, path: string): string {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : '.';
  return `mkdir -p ${dir} && (umask 077 && ssh ${user}@${first} sudo cat /etc/rancher/k3s/k3s.yaml | sed 's/127.0.0.1/${apiHost}/' > ${path}) && chmod 600 ${path}`;
}
