/** One Talos node: its Proxmox VM, its machine configuration and the apply that installs it. */
import { Construct } from 'constructs';
import type { TalosCluster, TalosNode as TalosNodeModel } from '../../model/types';
import { DataTalosMachineConfiguration, MachineConfigurationApply, type MachineSecrets } from '../../providers';
import { nodeConfigPatches } from '../../talos/machine-patches';
import { ProxmoxVm } from '../proxmox/proxmox-vm';
import { asStruct, stableId } from '../stable-id';
import type { TalosImage } from './talos-image';

export interface TalosNodeProps {
  readonly cluster: TalosCluster;
  readonly node: TalosNodeModel;
  readonly secrets: MachineSecrets;
  /** The image the VM boots from and installs (by its extensions). */
  readonly image: TalosImage;
}

export class TalosNode extends Construct {
  readonly vm: ProxmoxVm;
  readonly configuration: DataTalosMachineConfiguration;
  readonly apply: MachineConfigurationApply;

  constructor(scope: Construct, id: string, props: TalosNodeProps) {
    super(scope, id);
    const { cluster, node, secrets, image } = props;
    const name = node.vm.name;
    this.vm = new ProxmoxVm(this, 'vm', { vm: node.vm, bootImageFileId: image.fileIdFor(node.vm.host.nodeName) });
    this.configuration = stableId(
      new DataTalosMachineConfiguration(this, 'configuration', {
        clusterName: cluster.name,
        clusterEndpoint: cluster.clusterEndpoint,
        machineType: node.role,
        machineSecrets: asStruct(secrets.machineSecrets),
        talosVersion: cluster.talosVersion,
        kubernetesVersion: cluster.kubernetesVersion,
        docs: false,
        examples: false,
        configPatches: nodeConfigPatches(cluster, node, image.installerImage),
      }),
      name,
    );
    this.apply = stableId(
      new MachineConfigurationApply(this, 'apply', {
        clientConfiguration: asStruct(secrets.clientConfiguration),
        machineConfigurationInput: this.configuration.machineConfiguration,
        nodeAttribute: node.address,
        endpoint: node.address,
        dependsOn: [this.vm.resource],
      }),
      name,
    );
  }
}
