/**
 * `/etc/rancher/k3s/config.yaml` of a node: the K3s settings, kept on the node and read at every start (so they
 * survive upgrades by the system-upgrade-controller, which replaces only the binary). Keys are the long CLI flag
 * names (docs.k3s.io/installation/configuration, "Configuration File"). No secret is in it: the tokens are
 * separate 0600 files named by `token-file` / `agent-token-file` (k3s pkg/cli/cmds/server.go and agent.go).
 *
 * Token model (docs.k3s.io/cli/token): servers share the server token (`token-file`; it grants full admin and
 * also encrypts the datastore's bootstrap data) and announce a separate agent token (`agent-token-file`), which
 * agents join with as their `token-file`. An agent never sees the server token.
 */
import { K3S_DEFAULTS } from '../defaults';
import { gpuInfoOf } from '../model/gpu';
import type { K3sCluster, K3sNode } from '../model/k3s-types';

/** The node's config.yaml as an object, keys in a fixed order. `cluster-init` is not here (see firstBootConfig). */
export function k3sConfig(cluster: K3sCluster, node: K3sNode): Record<string, unknown> {
  const server = node.role === 'server';
  const init = isInitServer(cluster, node);
  const runtime = gpuInfoOf(node.vm)?.runtimeClass;
  const labels = Object.entries(node.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  return {
    ...(init ? {} : { server: cluster.serverUrl }),
    'token-file': server ? K3S_DEFAULTS.tokenFile : K3S_DEFAULTS.agentTokenFile,
    ...(server ? { 'agent-token-file': K3S_DEFAULTS.agentTokenFile } : {}),
    'node-ip': node.address,
    ...(server && cluster.tlsSan.length ? { 'tls-san': [...cluster.tlsSan] } : {}),
    ...(server && cluster.disable.length ? { disable: [...cluster.disable] } : {}),
    ...(server ? { 'write-kubeconfig-mode': '0600' } : {}),
    ...(labels.length ? { 'node-label': labels } : {}),
    ...(node.taints.length ? { 'node-taint': [...node.taints] } : {}),
    ...(runtime ? { 'default-runtime': runtime } : {}),
  };
}

/** The first server initialises embedded etcd; every other node joins `serverUrl`. */
export function isInitServer(cluster: K3sCluster, node: K3sNode): boolean {
  return node.role === 'server' && node === cluster.servers[0];
}

/**
 * Drop-in that exists only during the first boot of the first server: `cluster-init: true`. K3s merges
 * `<config>.d/*.yaml` after the config file, in name order (k3s-io/k3s pkg/configfilearg/parser.go; docs.k3s.io
 * "Multiple Config Files"). The user-data removes
 * it once K3s is up, so a later restart (or a K3s upgrade) never initialises a new cluster.
 */
export const CLUSTER_INIT_DROP_IN = `${K3S_DEFAULTS.configDropInDir}/00-cluster-init.yaml`;
