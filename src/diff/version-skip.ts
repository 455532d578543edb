/**
 * VERSION SKIP (an error: `homelab diff` exits 1): a Kubernetes minor-version jump of more than one. Kubernetes
 * supports upgrading one minor version at a time (version skew policy, kubernetes/website
 * content/en/releases/version-skew-policy.md: control plane components may be at most one minor apart during an
 * upgrade), so 1.31 -> 1.33 has to go through 1.32. Seen on both sides of a diff, since a profile alone has no
 * "before": Talos `kubernetes_version` of a machine configuration, K3s `INSTALL_K3S_VERSION` of a user-data file.
 */
import { installVersion } from './k3s';
import { type Flag, SEVERITY } from './replacement';

const MINOR = /^v?(\d+)\.(\d+)/;

function minor(version: unknown): [number, number] | undefined {
  const m = typeof version === 'string' ? MINOR.exec(version) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function kubernetesVersion(type: string | undefined, body: unknown): string | undefined {
  if (type === 'talos_machine_configuration') {
    const v = (body as { kubernetes_version?: unknown } | undefined)?.kubernetes_version;
    return typeof v === 'string' ? v : undefined;
  }
  if (type === 'proxmox_virtual_environment_file') return installVersion(body);
  return undefined;
}

/** A flag when the Kubernetes version of this object moves up by more than one minor version. */
export function versionSkipFlags(type: string | undefined, address: string, before: unknown, after: unknown): Flag[] {
  const [from, to] = [kubernetesVersion(type, before), kubernetesVersion(type, after)];
  const [a, b] = [minor(from), minor(to)];
  if (!a || !b || a[0] !== b[0] || b[1] - a[1] <= 1) return [];
  const next = `v${a[0]}.${a[1] + 1}`;
  return [{
    kind: 'version-skip', severity: SEVERITY['version-skip'], address,
    paths: [type === 'talos_machine_configuration' ? 'kubernetes_version' : 'source_raw.data'],
    message: `Kubernetes ${from} -> ${to} skips ${b[1] - a[1] - 1} minor version(s): Kubernetes upgrades one minor version at a time; go to ${next} first`,
  }];
}
