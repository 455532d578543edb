/** resolve(profile) -> Lab: the whole-lab view every construct, rule and report reads. */
import { PROXMOX_DEFAULTS } from '../defaults';
import type { ProfileInput } from '../schema/profile';
import { Problems } from './problems';
import { resolveHost } from './resolve-host';
import { resolveTalosCluster } from './resolve-talos';
import { resolveVm } from './resolve-vm';
import type { Host, Lab, Vm } from './types';

const byKey = <T>(rec: Record<string, T> | undefined) => Object.entries(rec ?? {}).sort(([a], [b]) => a.localeCompare(b));

/** Resolves a validated profile. Throws ProfileError listing every broken reference. */
export function resolveLab(profile: ProfileInput): Lab {
  const problems = new Problems();
  const hosts = new Map<string, Host>(byKey(profile.hosts).map(([k, h]) => [k, resolveHost(k, h)]));
  const vms = byKey(profile.vms)
    .map(([k, v]) => resolveVm(`vms.${k}`, k, v, hosts, problems))
    .filter((v): v is Vm => v !== undefined);
  const clusters = byKey(profile.clusters).map(([k, c]) => resolveTalosCluster(k, c, hosts, problems));
  problems.throwIfAny();
  const first = [...hosts.values()][0]!;
  return {
    name: profile.name,
    proxmox: {
      endpoint: profile.proxmox?.endpoint ?? first.endpoint,
      insecure: profile.proxmox?.insecure ?? PROXMOX_DEFAULTS.insecure,
      sshUser: profile.proxmox?.sshUser ?? PROXMOX_DEFAULTS.sshUser,
      clusterName: profile.proxmox?.clusterName,
    },
    hosts: [...hosts.values()],
    vms,
    clusters,
    acknowledge: (profile.acknowledge ?? []).map(({ id, reason }) => ({ id, reason })),
  };
}

/** Every VM of the lab: stand-alone ones and cluster nodes, in a stable order. */
export function allVms(lab: Lab): Vm[] {
  return [
    ...lab.vms,
    ...lab.clusters.flatMap((c) => [...c.controlPlanes, ...c.workers].map((n) => n.vm)),
  ];
}
