/**
 * What ignored changes (lifecycle.ts) mean for K3s nodes: a VM that ignores `initialization[0].user_data_file_id`
 * is kept when its snippet is replaced. K3s user-data snippets are first-boot only (src/constructs/k3s/k3s-node.ts): a changed
 * `INSTALL_K3S_VERSION` in one is an in-place upgrade done by the system-upgrade-controller Plans of the GitOps
 * tree, any other change reaches new nodes only.
 */
import { type Flag, SEVERITY } from './replacement';
import { type AttributeChange, schemaPath, under } from './values';

const VERSION = /INSTALL_K3S_VERSION='([^']+)'/;

/** `INSTALL_K3S_VERSION` of a K3s user-data file body. */
export function installVersion(body: unknown): string | undefined {
  const raw = (body as { source_raw?: unknown } | undefined)?.source_raw;
  const data = (Array.isArray(raw) ? raw[0] : raw) as { data?: unknown } | undefined;
  return typeof data?.data === 'string' ? VERSION.exec(data.data)?.[1] : undefined;
}

/** Flags of ignored changes to a K3s user-data snippet (`proxmox_virtual_environment_file`). */
export function firstBootFlags(type: string | undefined, address: string, before: unknown, after: unknown, ignored: readonly AttributeChange[]): Flag[] {
  if (type !== 'proxmox_virtual_environment_file' || !ignored.some((c) => under(schemaPath(c.path), 'source_raw.data'))) return [];
  const paths = ignored.map((c) => c.path);
  const [from, to] = [installVersion(before), installVersion(after)];
  if (!from && !to) return [];
  const node = address.replace(/^.*\./, '').replace(/-user-data$/, '');
  if (from !== to) {
    return [{
      kind: 'in-place-upgrade', severity: SEVERITY['in-place-upgrade'], address, paths,
      message: `K3s ${from} -> ${to} on node ${node}: upgraded in place by the system-upgrade-controller Plans of the GitOps tree; the VM and its user-data are kept (first boot only)`,
    }];
  }
  return [{
    kind: 'first-boot', severity: SEVERITY['first-boot'], address, paths,
    message: `user-data of node ${node} changed, but it is first-boot only: the running node keeps its configuration (edit /etc/rancher/k3s/config.yaml there or rebuild it)`,
  }];
}
