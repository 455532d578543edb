/** resolve(profile) -> Lab: the whole-lab view every construct, rule and report reads. */
import { PROXMOX_DEFAULTS } from '../defaults';
import type { TalosClusterInput } from '../schema/cluster';
import type { K3sClusterInput } from '../schema/k3s';
import type { ProfileInput } from '../schema/profile';
import type { GoldenImage } from './infra-types';
import type { K3sCluster } from './k3s-types';
import { Problems } from './problems';
import { resolveContainer } from './resolve-container';
import { resolveHost } from './resolve-host';
import { resolveImage } from './resolve-image';
import { resolveK3sCluster } from './resolve-k3s';
import { withOsSource } from './resolve-os-source';
import { resolveAccess, resolveMappings, resolveState, resolveTerraformUser, shareStorage } from './resolve-proxmox';
import { resolveTalosCluster } from './resolve-talos';
import { resolveVm } from './resolve-vm';
import type { Host, Lab, Vm } from './types';

const byKey = <T>(rec: Record<string, T> | undefined) => Object.entries(rec ?? {}).sort(([a], [b]) => a.localeCompare(b));
const defined = <T>(x: T | undefined): x is T => x !== undefined;

/** Resolves a validated profile. Throws ProfileError listing every broken reference. */
export function resolveLab(profile: ProfileInput): Lab {
  const problems = new Problems();
  const hosts = shareStorage(new Map<string, Host>(byKey(profile.hosts).map(([k, h]) => [k, resolveHost(k, h)])));
  const mappings = resolveMappings(profile.proxmox?.mappings, hosts, problems);
  // Without a `proxmox.mappings` section, mappings are managed outside the profile and not checked.
  const declared = profile.proxmox?.mappings ? mappings : undefined;
  const images = new Map<string, GoldenImage>(
    byKey(profile.images).map(([k, i]) => resolveImage(k, i, hosts, problems)).filter(defined).map((i) => [i.name, i]),
  );
  const vms = byKey(profile.vms)
    .map(([k, v]) => {
      const vm = resolveVm(`vms.${k}`, k, v, hosts, problems, declared);
      return vm && withOsSource(vm, v, images, problems);
    })
    .filter(defined);
  const clusterInputs = byKey(profile.clusters);
  const clusters = clusterInputs
    .filter((e): e is [string, TalosClusterInput] => e[1].type !== 'k3s')
    .map(([k, c]) => resolveTalosCluster(k, c, hosts, problems, declared));
  const k3sClusters = clusterInputs
    .filter((e): e is [string, K3sClusterInput] => e[1].type === 'k3s')
    .map(([k, c]) => resolveK3sCluster(k, c, images, hosts, problems, declared))
    .filter(defined);
  const containers = byKey(profile.containers).map(([k, c]) => resolveContainer(k, c, hosts, problems)).filter(defined);
  const lab: Lab = {
    name: profile.name,
    proxmox: {
      endpoint: profile.proxmox?.endpoint ?? [...hosts.values()][0]!.endpoint,
      insecure: profile.proxmox?.insecure ?? PROXMOX_DEFAULTS.insecure,
      sshUser: profile.proxmox?.sshUser ?? PROXMOX_DEFAULTS.sshUser,
      clusterName: profile.proxmox?.clusterName,
      mappings,
      access: resolveAccess(profile.proxmox?.access, profile.name),
      terraformUser: resolveTerraformUser(profile.proxmox),
    },
    state: resolveState(profile.state),
    stacks: profile.stacks ?? 'single',
    hosts: [...hosts.values()],
    vms,
    clusters,
    k3sClusters,
    images: [...images.values()],
    containers,
    acknowledge: (profile.acknowledge ?? []).map(({ id, reason }) => ({ id, reason })),
  };
  checkWholeLab(lab, problems);
  problems.throwIfAny();
  return lab;
}

/** The whole-lab checks of resolution (guest ids across kinds, Argo CD managers); also run over a LabStack's constructs. */
export function checkWholeLab(lab: Lab, problems: Problems): void {
  checkGuestIds(lab, problems);
  checkManagedBy(lab, problems);
}

/** Every VM of the lab: stand-alone ones and cluster nodes (Talos and K3s), in a stable order. Not templates. */
export function allVms(lab: Lab): Vm[] {
  return [
    ...lab.vms,
    ...lab.clusters.flatMap((c) => [...c.controlPlanes, ...c.workers].map((n) => n.vm)),
    ...lab.k3sClusters.flatMap((c) => k3sNodes(c).map((n) => n.vm)),
  ];
}

export function k3sNodes(cluster: K3sCluster) {
  return [...cluster.servers, ...cluster.agents];
}

/** Templates, base VMs and containers share the VMID space with VMs (VM-vs-VM clashes are a validate rule). */
function checkGuestIds(lab: Lab, problems: Problems): void {
  const owners = new Map<number, string>(allVms(lab).map((v) => [v.vmId, v.path]));
  const claim = (id: number | undefined, path: string) => {
    if (id === undefined) return;
    const other = owners.get(id);
    if (other) problems.add(path, `VMID ${id} is already used by ${other}`, 'choose a free VMID');
    else owners.set(id, path);
  };
  for (const i of lab.images) {
    claim(i.template.vmId, `${i.path}.templateId`);
    claim(i.baseId, `${i.path}.baseId`);
  }
  for (const c of lab.containers) claim(c.vmId, `${c.path}.vmId`);
}

/** `gitops.managedBy` names another cluster whose own GitOps engine is Argo CD. */
function checkManagedBy(lab: Lab, problems: Problems): void {
  for (const c of lab.clusters) {
    const by = c.gitops?.managedBy;
    if (by === undefined) continue;
    const manager = lab.clusters.find((m) => m.name === by);
    if (!manager || manager === c || manager.gitops?.engine !== 'argocd' || manager.gitops.managedBy) {
      const candidates = lab.clusters.filter((m) => m !== c && m.gitops?.engine === 'argocd' && !m.gitops.managedBy).map((m) => m.name);
      problems.add(`${c.path}.gitops.managedBy`, `cluster "${by}" does not run Argo CD for other clusters`, candidates.length ? `use one of ${candidates.join(', ')}` : 'give that cluster gitops.engine: argocd');
    }
  }
}
