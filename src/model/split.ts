/**
 * `stacks: single | per-cluster | per-host`: partitions a resolved lab into the parts that become Terraform
 * stacks, each with its own state. Pure data: stacks/lab-app.ts makes one LabStack per part.
 *
 * - single: one part `<lab>` (today's output).
 * - per-cluster: base `<lab>` (PCI mappings, golden images, stand-alone VMs, containers) and `<lab>-<cluster>`
 *   per Talos or K3s cluster (its VMs, boot images, secrets, configs, bootstrap, tokens, files).
 * - per-host: base `<lab>` (PCI mappings and golden images: what other stacks consume), `<lab>-<host>` per
 *   Proxmox host with its stand-alone VMs and containers, and `<lab>-<cluster>` per cluster. A cluster stays
 *   whole: a node's config apply is `replace_triggered_by` its VM and bootstrap `depends_on` the control-plane
 *   applies, and Terraform can express neither across two states.
 *
 * Templates live in the base stack so that no two host stacks depend on each other (a clone on host A of a
 * template on host B and the reverse would be a cycle).
 */
import { k3sNodes } from './resolve';
import type { Lab, StackMode, Vm } from './types';

export type StackRole = 'lab' | 'base' | 'host' | 'cluster';

export interface StackPart {
  /** Stack name (cdktf.out/stacks/<name>, state `terraform.<name>.tfstate`). */
  readonly name: string;
  readonly role: StackRole;
  /** The part of the lab this stack holds: the lab with only this part's guests, clusters, images and mappings. */
  readonly lab: Lab;
  /** Host key of a `host` stack, cluster name of a `cluster` stack. */
  readonly key?: string;
  /** Stacks whose Terraform resources this one uses (templates it clones, PCI mappings), sorted. */
  readonly dependsOn: readonly string[];
}

/** The stack that holds a cluster: `<lab>-<cluster>`. */
export const clusterStackName = (lab: Pick<Lab, 'name'>, cluster: string) => `${lab.name}-${cluster}`;
/** The stack that holds a host's stand-alone guests: `<lab>-<host>`. */
export const hostStackName = (lab: Pick<Lab, 'name'>, host: string) => `${lab.name}-${host}`;
/** The optional access stack (stacks/access-stack.ts). */
export const accessStackName = (lab: Pick<Lab, 'name'>) => `${lab.name}-access`;

/** The stack that holds a cluster's resources and outputs (`<lab>` unless the lab is split). */
export function stackOfCluster(lab: Lab, cluster: string): string {
  return stackMode(lab) === 'single' ? lab.name : clusterStackName(lab, cluster);
}

/** The mode of a lab (a Lab built by code before this field existed is `single`). */
export function stackMode(lab: Lab): StackMode {
  return lab.stacks ?? 'single';
}

/** Splits a lab into its stacks, base first, then hosts and clusters in profile order. */
export function splitLab(lab: Lab): StackPart[] {
  const mode = stackMode(lab);
  if (mode === 'single') return [{ name: lab.name, role: 'lab', lab, dependsOn: [] }];
  const none = { vms: [], containers: [], images: [], clusters: [], k3sClusters: [], proxmox: { ...lab.proxmox, mappings: new Map() } };
  const perHost = mode === 'per-host';
  const base: StackPart = {
    name: lab.name,
    role: 'base',
    lab: { ...lab, ...none, proxmox: lab.proxmox, images: lab.images, vms: perHost ? [] : lab.vms, containers: perHost ? [] : lab.containers },
    dependsOn: [],
  };
  const parts: StackPart[] = [base];
  const uses = (vms: readonly Vm[], cloned: readonly number[] = []) => {
    const fromBase = vms.some((v) => v.pci.some((p) => p.mapping && lab.proxmox.mappings.has(p.mapping)) || v.os?.kind === 'clone') || cloned.length > 0;
    return fromBase ? [lab.name] : [];
  };
  if (perHost) {
    for (const host of lab.hosts) {
      const vms = lab.vms.filter((v) => v.host.key === host.key);
      const containers = lab.containers.filter((c) => c.host.key === host.key);
      if (vms.length + containers.length === 0) continue;
      parts.push({ name: hostStackName(lab, host.key), role: 'host', key: host.key, lab: { ...lab, ...none, vms, containers }, dependsOn: uses(vms) });
    }
  }
  for (const cluster of lab.clusters) {
    const vms = [...cluster.controlPlanes, ...cluster.workers].map((n) => n.vm);
    parts.push({ name: clusterStackName(lab, cluster.name), role: 'cluster', key: cluster.name, lab: { ...lab, ...none, clusters: [cluster] }, dependsOn: uses(vms) });
  }
  for (const cluster of lab.k3sClusters) {
    const vms = k3sNodes(cluster).map((n) => n.vm);
    parts.push({
      name: clusterStackName(lab, cluster.name),
      role: 'cluster',
      key: cluster.name,
      lab: { ...lab, ...none, k3sClusters: [cluster] },
      dependsOn: uses(vms, [cluster.image.template.vmId]),
    });
  }
  return parts;
}

/**
 * Stack names in the order to apply them: the access stack first (it creates the API token every other stack
 * uses), then each stack after the stacks it depends on; ties keep the order of `splitLab` (base, hosts,
 * clusters). Destroy in the reverse order.
 */
export function applyOrder(parts: readonly Pick<StackPart, 'name' | 'dependsOn'>[], access?: string): string[] {
  const order: string[] = access ? [access] : [];
  const done = new Set(order);
  const pending = [...parts];
  while (pending.length) {
    const i = pending.findIndex((p) => p.dependsOn.every((d) => done.has(d) || !parts.some((q) => q.name === d)));
    if (i < 0) throw new Error(`stacks ${pending.map((p) => p.name).join(', ')} depend on each other`);
    const [next] = pending.splice(i, 1);
    order.push(next!.name);
    done.add(next!.name);
  }
  return order;
}

/** Every stack of a lab (the access stack included) with what it depends on, in apply order. */
export function stackGraph(lab: Lab): { name: string; dependsOn: string[] }[] {
  const parts = splitLab(lab);
  const access = lab.proxmox.access ? accessStackName(lab) : undefined;
  const byName = new Map<string, string[]>(parts.map((p) => [p.name, [...p.dependsOn]]));
  if (access) byName.set(access, []);
  return applyOrder(parts, access).map((name) => ({ name, dependsOn: byName.get(name)! }));
}
