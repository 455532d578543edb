/** HL-CLUSTER-007: no two clusters (Talos or K3s) write the same kubeconfig or talosconfig file. */
import type { Rule } from '../finding';

export const clusterClientFiles: Rule = {
  id: 'HL-CLUSTER-007',
  severity: 'error',
  description: 'Every cluster writes its own kubeconfig and talosconfig file; two clusters sharing one overwrite each other.',
  *check(lab) {
    const files = [
      ...lab.clusters.flatMap((c) => [
        { path: `${c.path}.kubeconfigPath`, file: c.kubeconfigPath, cluster: c.name },
        { path: `${c.path}.talosconfigPath`, file: c.talosconfigPath, cluster: c.name },
      ]),
      ...lab.k3sClusters.map((c) => ({ path: `${c.path}.kubeconfigPath`, file: c.kubeconfigPath, cluster: c.name })),
    ];
    const first = new Map<string, (typeof files)[number]>();
    for (const f of files) {
      const key = f.file.replace(/^\.\//, '').replace(/\/+/g, '/');
      const other = first.get(key);
      if (!other) {
        first.set(key, f);
        continue;
      }
      yield {
        path: f.path,
        message: `"${f.file}" is also written for cluster "${other.cluster}" (${other.path}); the last apply would overwrite it`,
        fix: `remove the setting to use the default generated/${f.cluster}/…, or choose another file`,
      };
    }
  },
};
