/**
 * cloud-init user-data of a K3s node: the login user with its SSH keys, qemu-guest-agent, the join token
 * file, and the pinned K3s install with the node's flags. On an NVIDIA GPU agent (Ubuntu) the driver and the
 * nvidia-container-toolkit come first, so K3s finds the `nvidia` containerd runtime, which becomes the default.
 * The token is passed in as a Terraform reference and lands only in the file Terraform uploads.
 */
import { stringify } from 'yaml';
import { K3S_DEFAULTS } from '../defaults';
import type { K3sCluster, K3sNode } from '../model/k3s-types';

/** The K3s command-line flags of `node`, in a fixed order. */
export function k3sFlags(cluster: K3sCluster, node: K3sNode): string[] {
  const first = cluster.servers[0];
  const flags: string[] = [];
  if (node.role === 'server' && node === first) flags.push('--cluster-init');
  else flags.push('--server', cluster.serverUrl);
  flags.push('--token-file', K3S_DEFAULTS.tokenFile, '--node-ip', node.address);
  if (node.role === 'server') {
    for (const c of cluster.disable) flags.push('--disable', c);
    for (const san of cluster.tlsSan) flags.push('--tls-san', san);
  }
  for (const [k, v] of Object.entries(node.labels).sort(([a], [b]) => a.localeCompare(b))) flags.push('--node-label', `${k}=${v}`);
  for (const t of node.taints) flags.push('--node-taint', t);
  if (node.vm.nvidiaGpu) flags.push('--default-runtime', 'nvidia');
  return flags;
}

/** The install command: `curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=... sh -s - <server|agent> <flags>`. */
export function k3sInstallCommand(cluster: K3sCluster, node: K3sNode): string {
  return `curl -sfL ${K3S_DEFAULTS.installUrl} | INSTALL_K3S_VERSION='${cluster.k3sVersion}' sh -s - ${node.role} ${k3sFlags(cluster, node).join(' ')}`;
}

const NVIDIA_KEYRING = '/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg';

function nvidiaToolkitCommands(): string[] {
  const repo = K3S_DEFAULTS.nvidiaToolkitRepo;
  return [
    `curl -fsSL ${repo}/gpgkey | gpg --dearmor -o ${NVIDIA_KEYRING}`,
    `curl -fsSL ${repo}/stable/deb/nvidia-container-toolkit.list | sed 's#deb https://#deb [signed-by=${NVIDIA_KEYRING}] https://#g' > /etc/apt/sources.list.d/nvidia-container-toolkit.list`,
    'apt-get update',
    'DEBIAN_FRONTEND=noninteractive apt-get install -y nvidia-container-toolkit',
  ];
}

/** The `#cloud-config` document of `node`; `token` is a Terraform reference such as `${random_password.x.result}`. */
export function k3sUserData(cluster: K3sCluster, node: K3sNode, token: string): string {
  const gpu = node.vm.nvidiaGpu;
  const doc: Record<string, unknown> = {
    hostname: node.vm.name,
    manage_etc_hosts: true,
    ...(cluster.timezone ? { timezone: cluster.timezone } : {}),
    users: [
      {
        name: cluster.user,
        shell: '/bin/bash',
        sudo: 'ALL=(ALL) NOPASSWD:ALL',
        lock_passwd: true,
        ssh_authorized_keys: [...cluster.sshKeys],
      },
    ],
    package_update: true,
    packages: [...K3S_DEFAULTS.basePackages, ...(gpu ? K3S_DEFAULTS.nvidiaDriverPackages : [])],
    write_files: [{ path: K3S_DEFAULTS.tokenFile, permissions: '0600', owner: 'root:root', content: token }],
    runcmd: [
      'systemctl enable --now qemu-guest-agent',
      ...(gpu ? nvidiaToolkitCommands() : []),
      k3sInstallCommand(cluster, node),
    ],
    // The NVIDIA driver replaces nouveau: reboot once when everything is installed.
    ...(gpu ? { power_state: { mode: 'reboot', condition: true, message: 'NVIDIA driver installed' } } : {}),
  };
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}
