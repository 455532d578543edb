/**
 * One K3s node: its cloud-init user-data snippet (first boot only, mode 0600 on the Proxmox node) and a full clone
 * of the golden image's template, made on `node.cloneStorage` (shared for a clone to another node).
 */
import { Construct } from 'constructs';
import type { ITerraformDependable } from '../../cdktf';
import { type K3sTokens, k3sUserData } from '../../k3s/user-data';
import type { K3sCluster, K3sNode as K3sNodeModel } from '../../model/k3s-types';
import { resolvedProps } from '../lab/props';
import { ProxmoxVm } from '../proxmox/proxmox-vm';
import { SnippetFile } from '../proxmox/snippet-file';

export interface K3sNodeProps {
  readonly cluster: K3sCluster;
  readonly node: K3sNodeModel;
  /** Terraform references to the server and agent tokens; an agent's user-data gets only the agent token. */
  readonly tokens: K3sTokens;
  /** Resources created first: the template the clone copies and, for agents, the first server. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * User-data is first-boot only: `initialization.user_data_file_id` is ForceNew in bpg v0.111.1
 * (schemas/providers/replacement.json), so a new snippet would replace the VM and, for server 1, start an empty
 * cluster. The VM ignores it after creation; K3s upgrades go through the system-upgrade-controller Plans.
 */
export const K3S_VM_IGNORE_CHANGES = ['initialization[0].user_data_file_id'];

export class K3sNode extends Construct {
  /** The node's cloud-init user-data snippet (`proxmox_virtual_environment_file`). */
  readonly userData: SnippetFile;
  /** The node's VM (`vm.resource` is the bpg VM resource). */
  readonly vm: ProxmoxVm;

  constructor(scope: Construct, id: string, props: K3sNodeProps) {
    super(scope, id);
    const { cluster, node } = props;
    const template = cluster.image.template;
    this.userData = new SnippetFile(this, 'user-data', {
      name: `${node.vm.name}-user-data`,
      nodeName: node.vm.host.nodeName,
      datastore: cluster.snippetStorage,
      content: k3sUserData(cluster, node, props.tokens),
      fileMode: '0600',
      firstBootOnly: true,
    });
    this.vm = new ProxmoxVm(this, 'vm', resolvedProps(node.vm, {
      cloneFrom: { vmId: template.vmId, nodeName: template.host.nodeName, datastoreId: node.cloneStorage },
      userDataFileId: this.userData.fileId,
      ignoreChanges: K3S_VM_IGNORE_CHANGES,
      dependsOn: props.dependsOn,
    }));
  }
}
