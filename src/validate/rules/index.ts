/** The built-in rules of `homelab validate`, one per file, in id order. */
import type { Rule } from '../finding';
import { appCrdOrder } from './app-crd-order';
import { appDependsOn } from './app-depends-on';
import { appGpuNode } from './app-gpu-node';
import { appImageAlone, appImagePort, appImageReplicas, appImageUser, appMountPathImageOnly } from './app-image';
import { appLayerOrder } from './app-layer-order';
import { appNamespaceLayer } from './app-namespace-layer';
import { appPodSecurity } from './app-pod-security';
import { appSecretDeclared } from './app-secret-declared';
import { gitopsSelfHosted, gitopsSshSecret } from './gitops-source';
import { gitopsReservedName } from './gitops-reserved-name';
import { lbBothFields } from './lb-both-fields';
import { addressClusterCidrs } from './address-cluster-cidrs';
import { addressGateway } from './address-gateway';
import { addressInNetwork } from './address-in-network';
import { addressUnique } from './address-unique';
import { addressVip } from './address-vip';
import { clusterControlPlaneHosts } from './cluster-control-plane-hosts';
import { clusterEtcdQuorum } from './cluster-etcd-quorum';
import { clusterK3sCloneStorage } from './cluster-k3s-clone-storage';
import { clusterK3sVip } from './cluster-k3s-vip';
import { clusterLonghornExtensions } from './cluster-longhorn-extensions';
import { clusterLonghornReplicas } from './cluster-longhorn-replicas';
import { clusterMayastorReplicas } from './cluster-mayastor-replicas';
import { hardwareBudget } from './hardware-budget';
import { hardwareGpuCpuType } from './hardware-gpu-cpu-type';
import { hardwareGpuVendor } from './hardware-gpu-vendor';
import { talosGpuDriver } from './talos-gpu-driver';
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
import { talosConflict, talosDocuments, talosHostname, talosLink, talosMachine, talosVip, talosVolume } from './talos-config';
import { pathInsideProject } from './path-inside-project';
import { pathNotProjectRoot } from './path-not-project-root';
import { pathOverlap } from './path-overlap';
import { sanityCidrHostBits } from './sanity-cidr-host-bits';
import { sanityDiskStorageImages } from './sanity-disk-storage-images';
import { sanityGuestMemoryHost } from './sanity-guest-memory-host';
import { sanityMacUnicast } from './sanity-mac-unicast';
import { sanitySecretEnv } from './sanity-secret-env';
import { proxmoxMappingComplete } from './proxmox-mapping-complete';
import { proxmoxMigrate } from './proxmox-migrate';
import { proxmoxPrivileges } from './proxmox-privileges';
import { proxmoxRootOnly } from './proxmox-root-only';
import { proxmoxVmOsSource } from './proxmox-vm-os-source';
import { stackNameUnique } from './stack-name-unique';
import { stackStatePerStack } from './stack-state-per-stack';

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
  hardwareGpuVendor,
  talosGpuDriver,
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
  clusterK3sCloneStorage,
  clusterK3sVip,
  clusterControlPlaneHosts,
  lbAddressInPool,
  lbPoolNetwork,
  lbPoolOverlap,
  lbBothFields,
  appGpuNode,
  appDependsOn,
  appCrdOrder,
  appNamespaceLayer,
  talosLink,
  talosHostname,
  talosConflict,
  talosVip,
  talosDocuments,
  talosMachine,
  talosVolume,
  pathInsideProject,
  pathNotProjectRoot,
  pathOverlap,
  appPodSecurity,
  appSecretDeclared,
  appLayerOrder,
  appImageAlone,
  appImagePort,
  appImageReplicas,
  appMountPathImageOnly,
  appImageUser,
  gitopsSshSecret,
  gitopsSelfHosted,
  gitopsReservedName,
  sanityDiskStorageImages,
  sanityGuestMemoryHost,
  sanityCidrHostBits,
  sanityMacUnicast,
  sanitySecretEnv,
  proxmoxMappingComplete,
  proxmoxVmOsSource,
  proxmoxRootOnly,
  proxmoxPrivileges,
  proxmoxMigrate,
  stackStatePerStack,
  stackNameUnique,
];
