/** One K3s node: its cloud-init user-data snippet and a full clone of the golden image's template. */
import { Construct } from 'constructs';
import type { ITerraformDependable } from '../../cdktf';
import { k3sUserData } from '../../k3s/user-data';
import type { K3sCluster, K3sNode as K3sNodeModel } from '../../model/k3s-types';
import { ProxmoxVm } from '../proxmox/proxmox-vm';
import { SnippetFile } from '../proxmox/snippet-file';

export interface K3sNodeProps {
  readonly cluster: K3sCluster;
  readonly node: K3sNodeModel;
  /** Terraform reference to the join token (`${random_password.<cluster>-token.result}`). */
  readonly token: string;
  /** Resources created first: the template the clone copies and, for agents, the first server. */
  readonly dependsOn: ITerraformDependable[];
}

export class K3sNode extends Construct {
  readonly userData: SnippetFile;
  readonly vm: ProxmoxVm;

  constructor(scope: Construct, id: string, props: K3sNodeProps) {
    super(scope, id);
    const { cluster, node } = props;
    const template = cluster.image.template;
    this.userData = new SnippetFile(this, 'user-data', {
      name: `${node.vm.name}-user-data`,
      nodeName: node.vm.host.nodeName,
      datastore: cluster.snippetStorage,
      content: k3sUserData(cluster, node, props.token),
    });
    this.vm = new ProxmoxVm(this, 'vm', {
      vm: node.vm,
      cloneFrom: { vmId: template.vmId, nodeName: template.host.nodeName },
      userDataFileId: this.userData.fileId,
      dependsOn: props.dependsOn,
    });
  }
}
