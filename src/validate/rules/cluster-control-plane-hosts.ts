/**
 * HL-CLUSTER-010: the control planes (Talos) or servers (K3s) of a cluster with several of them do not all run on
 * one Proxmox host when the lab has more than one: that host is then a single point of failure for etcd and the
 * API, which the extra control planes were meant to remove.
 */
import type { Rule } from '../finding';

export const clusterControlPlaneHosts: Rule = {
  id: 'HL-CLUSTER-010',
  severity: 'warning',
  description: 'Several control planes (Talos) or K3s servers of a cluster are spread over the hosts: all on one host fail together.',
  *check(lab) {
    if (lab.hosts.length < 2) return;
    const clusters = [
      ...lab.clusters.map((c) => ({ name: c.name, path: `${c.path}.controlPlanes`, hosts: c.controlPlanes.map((n) => n.vm.host.key), what: 'control planes' })),
      ...lab.k3sClusters.map((c) => ({ name: c.name, path: `${c.path}.servers`, hosts: c.servers.map((n) => n.vm.host.key), what: 'K3s servers' })),
    ];
    for (const { name, path, hosts, what } of clusters) {
      if (hosts.length < 2 || new Set(hosts).size > 1) continue;
      const others = lab.hosts.map((h) => h.key).filter((k) => k !== hosts[0]);
      yield {
        path,
        message: `all ${hosts.length} ${what} of cluster "${name}" run on host "${hosts[0]}": losing that host stops the cluster's control plane`,
        fix: `place ${what} on other hosts (${others.join(', ')}) through their \`host\``,
      };
    }
  },
};
