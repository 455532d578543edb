/**
 * The generated provider bindings (bpg/proxmox 0.111, siderolabs/talos 0.11), re-exported from one
 * place. They are generated into .gen/ at build time (scripts/gen-bindings.js) and never committed.
 */
// Load our cdktf module first: it prepares how cdktf is loaded before the bindings import it.
import './cdktf';
export { ProxmoxProvider } from '../.gen/providers/proxmox/provider';
export { VirtualEnvironmentVm } from '../.gen/providers/proxmox/virtual-environment-vm';
export type { VirtualEnvironmentVmConfig } from '../.gen/providers/proxmox/virtual-environment-vm';
export { VirtualEnvironmentContainer } from '../.gen/providers/proxmox/virtual-environment-container';
export { VirtualEnvironmentFile } from '../.gen/providers/proxmox/virtual-environment-file';
export { VirtualEnvironmentRole } from '../.gen/providers/proxmox/virtual-environment-role';
export { VirtualEnvironmentUser } from '../.gen/providers/proxmox/virtual-environment-user';
export { UserToken } from '../.gen/providers/proxmox/user-token';
export { Acl } from '../.gen/providers/proxmox/acl';
export { DownloadFile } from '../.gen/providers/proxmox/download-file';
export { HardwareMappingPci } from '../.gen/providers/proxmox/hardware-mapping-pci';

export { TalosProvider } from '../.gen/providers/talos/provider';
export { MachineSecrets } from '../.gen/providers/talos/machine-secrets';
export { MachineConfigurationApply } from '../.gen/providers/talos/machine-configuration-apply';
export { MachineBootstrap } from '../.gen/providers/talos/machine-bootstrap';
export { ClusterKubeconfig } from '../.gen/providers/talos/cluster-kubeconfig';
export { ImageFactorySchematic } from '../.gen/providers/talos/image-factory-schematic';
export { DataTalosMachineConfiguration } from '../.gen/providers/talos/data-talos-machine-configuration';
export { DataTalosClientConfiguration } from '../.gen/providers/talos/data-talos-client-configuration';
export { DataTalosImageFactoryUrls } from '../.gen/providers/talos/data-talos-image-factory-urls';

/**
 * Every generated binding, as namespaces for escape hatches in user code (`new proxmox.acl.Acl(stack, ...)`,
 * `talos.machineSecrets.MachineSecrets`): the package root exports them, so no one imports .gen paths.
 */
export * as proxmox from '../.gen/providers/proxmox';
export * as talos from '../.gen/providers/talos';
