/** Objects the platform apps carry, derived from the model: LB pools, Mayastor pools, storage classes, issuers, GPU runtime. */
import { Construct } from 'constructs';
import type { App, Extra } from '../../model/gitops-types';
import { k3sUpgradePlans, systemUpgradeController } from './k3s-upgrade-objects';
import { RESERVED_LABEL } from '../../model/resolve-gitops-derive';
import { splitReservedPools } from '../../gitops/reserved-pools';
import { k8sObject } from './k8s-object';

export interface PlatformObjectsProps {
  readonly app: App;
}

/** Label of our LoadBalancer services; Cilium pools marked reservedOnly serve only services carrying it. */
export { RESERVED_LABEL };

const defaultClass = (isDefault: boolean) => (isDefault ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : undefined);

/** `a-b` stays a range, CIDRs stay CIDRs (both engines accept both forms). */
function ciliumBlock(address: string): Record<string, string> {
  if (address.includes('/')) return { cidr: address };
  const [start, stop] = address.split('-');
  return { start: start!, stop: stop! };
}

export class PlatformObjects extends Construct {
  constructor(scope: Construct, id: string, props: PlatformObjectsProps) {
    super(scope, id);
    for (const extra of props.app.extras) this.render(extra, props.app.namespace);
  }

  private render(e: Extra, ns: string): void {
    switch (e.type) {
      case 'metallb-pools': {
        const pools = splitReservedPools(e.pools, e.reserved);
        for (const pool of pools) {
          k8sObject(this, { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', name: pool.name, namespace: ns, body: { spec: { addresses: [...pool.addresses], autoAssign: !pool.reservedOnly } } });
        }
        k8sObject(this, { apiVersion: 'metallb.io/v1beta1', kind: 'L2Advertisement', name: 'l2', namespace: ns, body: { spec: { ipAddressPools: pools.map((p) => p.name) } } });
        return;
      }
      case 'cilium-pools':
        for (const pool of splitReservedPools(e.pools, e.reserved)) {
          const selector = pool.reservedOnly ? { serviceSelector: { matchLabels: { [RESERVED_LABEL]: 'true' } } } : {};
          k8sObject(this, { apiVersion: 'cilium.io/v2', kind: 'CiliumLoadBalancerIPPool', name: pool.name, body: { spec: { blocks: pool.addresses.map(ciliumBlock), ...selector } } });
        }
        k8sObject(this, {
          apiVersion: 'cilium.io/v2alpha1',
          kind: 'CiliumL2AnnouncementPolicy',
          name: 'l2',
          body: { spec: { loadBalancerIPs: true, externalIPs: true, interfaces: ['^net[0-9]+', '^eth[0-9]+', '^en.*'] } },
        });
        return;
      case 'mayastor-pools':
        for (const pool of e.pools) {
          k8sObject(this, { apiVersion: 'openebs.io/v1beta2', kind: 'DiskPool', name: `${pool.node}-pool`, namespace: ns, body: { spec: { node: pool.node, disks: [pool.device] } } });
        }
        k8sObject(this, {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          name: 'mayastor',
          annotations: defaultClass(e.isDefault),
          body: { provisioner: 'io.openebs.csi-mayastor', parameters: { protocol: 'nvmf', repl: String(e.replicas), thin: 'true' }, allowVolumeExpansion: true, volumeBindingMode: 'WaitForFirstConsumer' },
        });
        return;
      case 'nfs-class':
        k8sObject(this, {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          name: e.name,
          annotations: defaultClass(e.isDefault),
          body: { provisioner: 'nfs.csi.k8s.io', parameters: { server: e.server, share: e.share }, reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate', mountOptions: ['nfsvers=4.1'] },
        });
        return;
      case 'system-upgrade-controller':
        systemUpgradeController(this);
        return;
      case 'k3s-upgrade-plans':
        k3sUpgradePlans(this, e);
        return;
      case 'nvidia-runtime-class':
        k8sObject(this, { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', name: 'nvidia', body: { handler: 'nvidia' } });
        return;
      case 'intel-gpu-plugin':
        // Cluster-scoped; the operator runs the plugin DaemonSet on the nodes with our Intel GPU label.
        k8sObject(this, { apiVersion: 'deviceplugin.intel.com/v1', kind: 'GpuDevicePlugin', name: e.name, body: { spec: { image: e.image, sharedDevNum: 1, nodeSelector: { ...e.nodeSelector } } } });
        return;
      case 'cluster-issuer': {
        const name = e.staging ? 'letsencrypt-staging' : 'letsencrypt';
        const server = e.staging ? 'https://acme-staging-v02.api.letsencrypt.org/directory' : 'https://acme-v02.api.letsencrypt.org/directory';
        k8sObject(this, {
          apiVersion: 'cert-manager.io/v1',
          kind: 'ClusterIssuer',
          name,
          body: {
            spec: {
              acme: {
                email: e.email,
                server,
                privateKeySecretRef: { name: `${name}-account-key` },
                solvers: [{ selector: { dnsZones: [...e.dnsZones] }, dns01: { cloudflare: { apiTokenSecretRef: { name: e.tokenSecret, key: 'api-token' } } } }],
              },
            },
          },
        });
        return;
      }
    }
  }
}
