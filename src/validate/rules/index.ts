/** The built-in rules of `homelab validate`, one per file, in id order. */
import type { Rule } from '../finding';
import { appCrdOrder } from './app-crd-order';
import { appDependsOn } from './app-depends-on';
import { appGpuNode } from './app-gpu-node';
import { appNamespaceLayer } from './app-namespace-layer';
import { addressClusterCidrs } from './address-cluster-cidrs';
import { addressGateway } from './address-gateway';
import { addressInNetwork } from './address-in-network';
import { addressUnique } from './address-unique';
import { addressVip } from './address-vip';
import { clusterEtcdQuorum } from './cluster-etcd-quorum';
import { clusterLonghornExtensions } from './cluster-longhorn-extensions';
import { clusterLonghornReplicas } from './cluster-longhorn-replicas';
import { clusterMayastorReplicas } from './cluster-mayastor-replicas';
import { hardwareBudget } from './hardware-budget';
import { hardwareGpuCpuType } from './hardware-gpu-cpu-type';
import { hardwarePciHostOnly } from './hardware-pci-host-only';
import { hardwarePciOwner } from './hardware-pci-owner';
import { hardwarePciRaw } from './hardware-pci-raw';
import { hardwarePcieMachine } from './hardware-pcie-machine';
import { hardwareVcpuHost } from './hardware-vcpu-host';
import { identityMac } from './identity-mac';
import { identityName } from './identity-name';
import { identityVmid } from './identity-vmid';
import { lbAddressInPool } from './lb-address-in-pool';
import { lbPoolNetwork } from './lb-pool-network';
import { lbPoolOverlap } from './lb-pool-overlap';
import { networkDefaultRoute } from './network-default-route';
import { networkMtu } from './network-mtu';
import { networkVlanAware } from './network-vlan-aware';
import { networkVlanDeclared } from './network-vlan-declared';
import { proxmoxMappingComplete } from './proxmox-mapping-complete';
import { proxmoxMigrate } from './proxmox-migrate';
import { proxmoxPrivileges } from './proxmox-privileges';
import { proxmoxRootOnly } from './proxmox-root-only';
import { proxmoxVmOsSource } from './proxmox-vm-os-source';

export const RULES: readonly Rule[] = [
  addressInNetwork,
  addressGateway,
  addressUnique,
  addressClusterCidrs,
  addressVip,
  identityVmid,
  identityName,
  identityMac,
  hardwarePciOwner,
  hardwareVcpuHost,
  hardwareBudget,
  hardwareGpuCpuType,
  hardwarePcieMachine,
  hardwarePciHostOnly,
  hardwarePciRaw,
  networkVlanAware,
  networkMtu,
  networkDefaultRoute,
  networkVlanDeclared,
  clusterEtcdQuorum,
  clusterLonghornReplicas,
  clusterMayastorReplicas,
  clusterLonghornExtensions,
  lbAddressInPool,
  lbPoolNetwork,
  lbPoolOverlap,
  appGpuNode,
  appDependsOn,
  appCrdOrder,
  appNamespaceLayer,
  proxmoxMappingComplete,
  proxmoxVmOsSource,
  proxmoxRootOnly,
  proxmoxPrivileges,
  proxmoxMigrate,
];
