/** One Talos node: its Proxmox VM, its machine configuration and the apply that installs it. */
import { Construct } from 'constructs';
import type { TalosCluster, TalosNode as TalosNodeModel } from '../../model/types';
import { DataTalosMachineConfiguration, MachineConfigurationApply, type MachineSecrets } from '../../providers';
import { nodeConfigPatches } from '../../talos/machine-patches';
import { resolvedProps } from '../lab/props';
import { ProxmoxVm } from '../proxmox/proxmox-vm';
import { addressOf, asStruct, stableId } from '../stable-id';
import type { TalosImage } from './talos-image';

/** The VM attribute that holds the Talos boot image; ignored after create. */
export const BOOT_IMAGE_ATTRIBUTE = 'disk[0].file_id';

export interface TalosNodeProps {
  /** The resolved cluster the node belongs to. */
  readonly cluster: TalosCluster;
  /** The resolved node (its VM, role and address). */
  readonly node: TalosNodeModel;
  /** The cluster's machine secrets. */
  readonly secrets: MachineSecrets;
  /** The image the VM boots from and installs (by its extensions). */
  readonly image: TalosImage;
}

export class TalosNode extends Construct {
  /** The node's VM (`vm.resource` is the bpg VM resource). */
  readonly vm: ProxmoxVm;
  /** `data.talos_machine_configuration` of the node. */
  readonly configuration: DataTalosMachineConfiguration;
  /** `talos_machine_configuration_apply` of the node. */
  readonly apply: MachineConfigurationApply;

  constructor(scope: Construct, id: string, props: TalosNodeProps) {
    super(scope, id);
    const { cluster, node, secrets, image } = props;
    const name = node.vm.name;
    // The boot image only seeds the first install: later Talos versions or extensions reach the node through
    // `machine.install.image` and `homelab upgrade` (talosctl upgrade), so a changed image must not replace the VM.
    this.vm = new ProxmoxVm(this, 'vm', resolvedProps(node.vm, {
      bootImageFileId: image.fileIdFor(node.vm.host.nodeName),
      ignoreChanges: [BOOT_IMAGE_ATTRIBUTE],
    }));
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
        // A replaced VM boots into maintenance mode: apply its configuration again (Terraform
        // replace_triggered_by: on any replacement or update of the VM; re-applying the same config is a no-op).
        lifecycle: { replaceTriggeredBy: [addressOf(this.vm.resource)] },
      }),
      name,
    );
  }
}
