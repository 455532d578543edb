/**
 * cloud-init user-data of a K3s node, for its FIRST BOOT only (the VM ignores later changes to it, see
 * K3sNode): the login user with its SSH keys, qemu-guest-agent (a clone never gets the template's vendor-data),
 * the K3s config file and the token files (mode 0600), kube-vip's manifest on servers of a cluster with a `vip`,
 * and the pinned K3s install. Later K3s versions come from the system-upgrade-controller Plans in the GitOps tree.
 *
 * A GPU agent gets what the vendor table (src/model/gpu.ts) lists. On an NVIDIA GPU agent (Ubuntu) the prebuilt, signed kernel modules of the 570-server branch for the generic
 * kernel and the user-space driver are installed (no DKMS build, so no kernel headers are needed and the module
 * loads after the reboot), then the nvidia-container-toolkit, so K3s finds the `nvidia` containerd runtime.
 * The tokens are passed in as Terraform references and land only in the file Terraform uploads.
 */
import { stringify } from 'yaml';
import { K3S_DEFAULTS } from '../defaults';
import { gpuInfoOf } from '../model/gpu';
import type { K3sCluster, K3sNode } from '../model/k3s-types';
import { CLUSTER_INIT_DROP_IN, isInitServer, k3sConfig } from './config';
import { KUBE_VIP_MANIFEST, kubeVipObjects } from './kube-vip';

/** Terraform references to the two tokens (`${random_password.<cluster>-token.result}`, ...-agent-token). */
export interface K3sTokens {
  readonly server: string;
  readonly agent: string;
}

/**
 * The install command, `curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=... sh -s - <server|agent>`, skipped
 * when K3s is already there: Proxmox derives the cloud-init instance-id from user-data and network config
 * (qemu-server PVE/QemuServer/Cloudinit.pm, nocloud_gen_metadata), so a changed NIC makes cloud-init run this again,
 * and it must not reinstall (or downgrade) a K3s the upgrade Plans have moved on.
 */
export function k3sInstallCommand(cluster: K3sCluster, node: K3sNode): string {
  return `test -x ${K3S_BINARY} || curl -sfL ${K3S_DEFAULTS.installUrl} | INSTALL_K3S_VERSION='${cluster.k3sVersion}' sh -s - ${node.role}`;
}

/** Where the install script puts K3s (and rancher/k3s-upgrade replaces it). */
const K3S_BINARY = '/usr/local/bin/k3s';

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

type WriteFile = { path: string; permissions: string; owner: string; content: string };
const secretFile = (path: string, content: string): WriteFile => ({ path, permissions: '0600', owner: 'root:root', content });

/** Files cloud-init writes before the install: tokens and config (0600), kube-vip on servers with a VIP. */
function files(cluster: K3sCluster, node: K3sNode, tokens: K3sTokens): WriteFile[] {
  const server = node.role === 'server';
  const out: WriteFile[] = [];
  if (server) out.push(secretFile(K3S_DEFAULTS.tokenFile, tokens.server));
  out.push(secretFile(K3S_DEFAULTS.agentTokenFile, tokens.agent));
  out.push(secretFile(K3S_DEFAULTS.configFile, stringify(k3sConfig(cluster, node), { lineWidth: 0 })));
  if (isInitServer(cluster, node)) out.push(secretFile(CLUSTER_INIT_DROP_IN, stringify({ 'cluster-init': true })));
  const vip = kubeVipObjects(cluster);
  if (server && vip.length) {
    out.push(secretFile(KUBE_VIP_MANIFEST, vip.map((o) => stringify(o, { lineWidth: 0 })).join('---\n')));
  }
  return out;
}

/** The `#cloud-config` document of `node`. */
export function k3sUserData(cluster: K3sCluster, node: K3sNode, tokens: K3sTokens): string {
  const gpu = gpuInfoOf(node.vm);
  const nvidia = gpu?.vendor === 'nvidia';
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
    packages: [...K3S_DEFAULTS.basePackages, ...(gpu?.ubuntuPackages ?? [])],
    write_files: files(cluster, node, tokens),
    runcmd: [
      'systemctl enable --now qemu-guest-agent',
      ...(nvidia ? nvidiaToolkitCommands() : []),
      k3sInstallCommand(cluster, node),
      // cluster-init only for the first start: K3s keeps its etcd member in its data directory from now on.
      ...(isInitServer(cluster, node) ? [`rm -f ${CLUSTER_INIT_DROP_IN}`] : []),
    ],
    // The NVIDIA kernel module replaces nouveau: reboot once when everything is installed.
    ...(gpu?.rebootAfterInstall ? { power_state: { mode: 'reboot', condition: true, message: `${gpu.displayName} driver installed` } } : {}),
  };
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}
