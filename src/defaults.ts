/**
 * Every default value of the model, in one place. Constructs document them with `@default` and read
 * them from here; the profile schema shows them to editors. No other file restates these numbers.
 * This module imports nothing, so the CLI can load it without cdktf.
 */

export const VM_DEFAULTS = {
  /** vCPU cores per socket. */
  cores: 2,
  sockets: 1,
  memoryMiB: 2048,
  /** QEMU CPU model; `host` is required for GPU passthrough and some guests. */
  cpuType: 'x86-64-v2-AES',
  /** NIC model. */
  nicModel: 'virtio',
  /** MTU of a NIC when neither the NIC nor its bridge sets one. */
  mtu: 1500,
  /** Disk bus for disks without an explicit interface. */
  diskBus: 'virtio',
  scsiHardware: 'virtio-scsi-single',
  machine: 'q35',
  bios: 'seabios',
  started: true,
  onBoot: true,
  /** QEMU guest agent enabled in Proxmox. */
  agent: true,
  operatingSystem: 'l26',
} as const;

export const NIC_DEFAULTS = {
  /** First octet of generated MACs: locally administered, unicast. */
  macPrefix: '02',
  /** Talos link alias of NIC n when the NIC has no `name`: `net0`, `net1`, ... */
  aliasPrefix: 'net',
} as const;

export const TALOS_DEFAULTS = {
  /** Talos version of the provider (siderolabs/talos 0.11 is built on Talos 1.13). */
  talosVersion: 'v1.13.0',
  kubernetesVersion: 'v1.33.6',
  podCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/12',
  cni: 'flannel',
  kubeProxy: true,
  kubePrismPort: 7445,
  allowSchedulingOnControlPlanes: false,
  /** Per cluster (`{cluster}` is the cluster name), so several clusters never overwrite each other's files. */
  kubeconfigPath: 'generated/{cluster}/kubeconfig',
  talosconfigPath: 'generated/{cluster}/talosconfig',
  imageFactoryUrl: 'https://factory.talos.dev',
  /** Proxmox datastore that receives the Talos disk image (content type `iso`). */
  imageDatastore: 'local',
  /** Extensions every Talos node gets. */
  baseExtensions: ['siderolabs/qemu-guest-agent'],
  /** Extensions a node with an NVIDIA GPU gets. */
  nvidiaExtensions: ['siderolabs/nonfree-kmod-nvidia-production', 'siderolabs/nvidia-container-toolkit-production'],
  /** Extensions Longhorn needs on every node. */
  longhornExtensions: ['siderolabs/iscsi-tools', 'siderolabs/util-linux-tools'],
  /** vm.nr_hugepages on Mayastor storage nodes (2 MiB pages: 2 GiB). */
  mayastorHugepages: '1024',
  /** Kernel modules loaded on NVIDIA GPU nodes. */
  nvidiaKernelModules: ['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset'],
  controlPlaneCores: 2,
  controlPlaneMemoryMiB: 4096,
  workerCores: 4,
  workerMemoryMiB: 8192,
  /** OS disk of a Talos node. */
  osDiskGiB: 32,
  /** Talos reads its first IP from the Proxmox cloud-init drive (nocloud image). */
  platform: 'nocloud',
  architecture: 'amd64',
} as const;

export const PROXMOX_DEFAULTS = {
  apiPort: 8006,
  insecure: false,
  sshUser: 'root',
  /** SSH port of a node (`homelab doctor`, `homelab discover`). */
  sshPort: 22,
} as const;

export const GITOPS_DEFAULTS = {
  layers: ['platform', 'apps'],
  interval: '10m',
  /** Flux Kustomization retry after a failed apply or health check (instead of the full interval). */
  retryInterval: '2m',
  /** Flux GitRepository poll interval. */
  sourceInterval: '30m',
  branch: 'main',
  ingressClass: 'traefik',
  backupSchedule: '0 3 * * *',
  /** Install/upgrade remediation retries of every HelmRelease. */
  remediationRetries: 3,
  infisicalHostApi: 'https://app.infisical.com/api',
  infisicalCredentials: { name: 'universal-auth-credentials', namespace: 'infisical-operator-system' },
  cloudflareTokenSecret: 'cloudflare-api-token',
  nfsStorageClass: 'nfs',
  mayastorReplicas: 3,
} as const;

/**
 * Charts of the platform apps we derive from the model (pinned; versions match the CRDs vendored in
 * schemas/crds). A profile app with the same name replaces the chart and values.
 */
export const PLATFORM_CHARTS = {
  metallb: { repo: 'https://metallb.github.io/metallb', name: 'metallb', version: '0.16.1', namespace: 'metallb-system' },
  longhorn: { repo: 'https://charts.longhorn.io', name: 'longhorn', version: '1.12.1', namespace: 'longhorn-system' },
  mayastor: { repo: 'https://openebs.github.io/mayastor-extensions', name: 'mayastor', version: '2.7.1', namespace: 'mayastor' },
  'csi-driver-nfs': { repo: 'https://raw.githubusercontent.com/kubernetes-csi/csi-driver-nfs/master/charts', name: 'csi-driver-nfs', version: '4.11.0', namespace: 'kube-system' },
  'openebs-hostpath': { repo: 'https://openebs.github.io/dynamic-localpv-provisioner', name: 'localpv-provisioner', version: '4.3.0', namespace: 'openebs' },
  'cert-manager': { repo: 'https://charts.jetstack.io', name: 'cert-manager', version: 'v1.21.1', namespace: 'cert-manager' },
  'nvidia-device-plugin': { repo: 'https://nvidia.github.io/k8s-device-plugin', name: 'nvidia-device-plugin', version: '0.17.1', namespace: 'nvidia-device-plugin' },
  /** Intel device-plugins operator (its GpuDevicePlugin CRD is vendored at v0.36.0); needs cert-manager. */
  'intel-device-plugins-operator': { repo: 'https://intel.github.io/helm-charts', name: 'intel-device-plugins-operator', version: '0.36.0', namespace: 'inteldeviceplugins-system' },
  /** AMD (ROCm) device plugin, chart amd-gpu (ROCm/k8s-device-plugin tag amd-gpu-helm-0.21.0). */
  'amd-gpu-device-plugin': { repo: 'https://rocm.github.io/k8s-device-plugin', name: 'amd-gpu', version: '0.21.0', namespace: 'kube-amd-gpu' },
  volsync: { repo: 'https://backube.github.io/helm-charts', name: 'volsync', version: '0.16.0', namespace: 'volsync-system' },
  /** Snapshot CRDs, controller and VolumeSnapshotClasses, for VolSync copyMethod Snapshot. */
  'snapshot-controller': { repo: 'https://piraeus.io/helm-charts', name: 'snapshot-controller', version: '4.1.1', namespace: 'kube-system' },
} as const;

/**
 * Argo CD chart of the bootstrap `helm install` when no app of the cluster installs argo-cd (pinned, so the
 * bootstrap is reproducible; an `argo-cd` app's chart replaces it).
 */
export const ARGOCD_BOOTSTRAP_CHART = { repo: 'https://argoproj.github.io/argo-helm', name: 'argo-cd', version: '9.1.3' } as const;

/**
 * Flux version of the flux-system components (`flux install --version=<v> --export > gotk-components.yaml`).
 * v2.9.4 pins kustomize-controller v1.9.4 and helm-controller v1.6.3, the CRDs vendored in schemas/crds
 * (fluxcd/flux2 v2.9.4 manifests/bases/<controller>/kustomization.yaml); its source-controller v1.9.4 CRDs differ from the
 * vendored v1.9.1 ones only by an annotation (fluxcd/source-controller release/v1.9.x config/crd/bases).
 */
export const FLUX_VERSION = 'v2.9.4';

/** Charts whose releases install CRDs other apps use (synced before their users). */
export const CRD_PROVIDING_CHARTS = [
  'cert-manager', 'metallb', 'longhorn', 'mayastor', 'cilium', 'traefik', 'kube-prometheus-stack', 'volsync',
  'secrets-operator', 'infisical-operator', 'external-secrets', 'argo-cd', 'localpv-provisioner', 'snapshot-controller',
] as const;

export const K3S_DEFAULTS = {
  /** Pinned K3s release (INSTALL_K3S_VERSION at first boot; the system-upgrade-controller Plans afterwards). */
  k3sVersion: 'v1.33.6+k3s1',
  /** The install script. */
  installUrl: 'https://get.k3s.io',
  serverCores: 2,
  serverMemoryMiB: 4096,
  agentCores: 4,
  agentMemoryMiB: 8192,
  /** Proxmox storage (content `snippets`) that receives the cloud-init user-data files. */
  snippetStorage: 'local',
  /** K3s configuration file cloud-init writes on each node (K3s reads it at every start). */
  configFile: '/etc/rancher/k3s/config.yaml',
  /** Drop-in directory K3s merges after config.yaml; server 1's first-boot `cluster-init` lives here and is removed. */
  configDropInDir: '/etc/rancher/k3s/config.yaml.d',
  /** Server token file on servers (mode 0600, `token-file`). */
  tokenFile: '/etc/rancher/k3s/cluster-token',
  /** Agent token file (mode 0600): `agent-token-file` on servers, `token-file` on agents. */
  agentTokenFile: '/etc/rancher/k3s/agent-token',
  /** Length of the generated tokens. */
  tokenLength: 48,
  /** Kubeconfig the fetch command writes; `{cluster}` is the cluster name. */
  kubeconfigPath: 'generated/{cluster}/kubeconfig',
  /**
   * Ubuntu packages of NVIDIA GPU agents: the prebuilt, signed kernel modules for the `generic` kernel flavour
   * (no DKMS, no kernel headers needed) and the user-space driver, branch 570-server (packages.ubuntu.com, noble).
   */
  nvidiaDriverPackages: ['linux-modules-nvidia-570-server-generic', 'nvidia-headless-no-dkms-570-server', 'nvidia-utils-570-server'],
  nvidiaToolkitRepo: 'https://nvidia.github.io/libnvidia-container',
  /** Label K3s agents with an NVIDIA GPU get (the NVIDIA device plugin selects on it). */
  gpuLabel: 'nvidia.com/gpu.present=true',
  /** Packages every node gets (a clone never receives the template's vendor-data, so the agent is installed here). */
  basePackages: ['qemu-guest-agent', 'curl'],
  /** kube-vip image (DaemonSet on the servers, ARP mode, deployed by K3s from its manifests directory) when the cluster has a `vip`. */
  kubeVipImage: 'ghcr.io/kube-vip/kube-vip:v1.2.3',
  /** K3s' auto-deploy directory on servers (applied by K3s' deploy controller, like `kubectl apply`). */
  manifestsDir: '/var/lib/rancher/k3s/server/manifests',
  /** system-upgrade-controller release rendered into the GitOps tree (image tag). */
  systemUpgradeControllerImage: 'rancher/system-upgrade-controller:v0.20.1',
  /** Image the upgrade Plans run (tagged by the Plan's version). */
  k3sUpgradeImage: 'rancher/k3s-upgrade',
  /** Namespace of the controller and the Plans. */
  systemUpgradeNamespace: 'system-upgrade',
  /** Agents upgraded at once by the agent Plan (servers always go one at a time). */
  agentUpgradeConcurrency: 1,
} as const;

export const IMAGE_DEFAULTS = {
  /** Disk size of a template built from a cloud image (the image is grown to this size). */
  diskGiB: 10,
  cores: 2,
  memoryMiB: 2048,
  bridge: 'vmbr0',
  /** Storage (content `snippets`) for the template's vendor-data. */
  snippetStorage: 'local',
  /** `proxmox_download_file` content type for disk images imported with `import_from` (PVE >= 8.4). */
  contentType: 'import',
} as const;

export const CONTAINER_DEFAULTS = {
  cores: 1,
  memoryMiB: 512,
  swapMiB: 512,
  diskGiB: 8,
  unprivileged: true,
  nesting: true,
  /** Interface name of NIC n inside the container: eth0, eth1, ... */
  interfacePrefix: 'eth',
} as const;

export const ACCESS_DEFAULTS = {
  /** Id of the computed Terraform role: `Homelab-<lab name>`. */
  rolePrefix: 'Homelab-',
  /** ACL path of built-in `roles` given in the profile. */
  path: '/',
} as const;

export const STATE_DEFAULTS = {
  s3Key: 'homelab/{stack}.tfstate',
  s3Region: 'us-east-1',
  pgSchemaName: '{stack}',
} as const;
