/**
 * A K3s cluster on cloud-init VMs: a generated join token (`random_password`, only in Terraform state), one
 * K3sNode per server and agent, and outputs for the server URL and the documented kubeconfig fetch. GitOps
 * for K3s clusters is not generated yet.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../../cdktf';
import { K3S_DEFAULTS } from '../../defaults';
import type { K3sCluster as K3sClusterModel } from '../../model/k3s-types';
import type { ProxmoxVm } from '../proxmox/proxmox-vm';
import { stableId } from '../stable-id';
import { RandomPassword } from '../terraform/random-password';
import { K3sNode } from './k3s-node';

export interface K3sClusterProps {
  /** The resolved cluster. */
  readonly cluster: K3sClusterModel;
  /** The template VM of the cluster's golden image (`GoldenImage.template`). */
  readonly template: ProxmoxVm;
}

export class K3sCluster extends Construct {
  readonly token: RandomPassword;
  readonly nodes: K3sNode[] = [];

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const c = props.cluster;
    this.token = stableId(new RandomPassword(this, 'token', { length: K3S_DEFAULTS.tokenLength }), `${c.name}-token`);
    const template = props.template.resource;
    for (const node of c.servers) {
      this.nodes.push(new K3sNode(this, node.vm.name, { cluster: c, node, token: this.token.result, dependsOn: [template] }));
    }
    // Agents join through the first server, so they are created after it.
    const first = this.nodes[0]!.vm.resource;
    for (const node of c.agents) {
      this.nodes.push(new K3sNode(this, node.vm.name, { cluster: c, node, token: this.token.result, dependsOn: [template, first] }));
    }

    new TerraformOutput(this, 'server-url', { value: c.serverUrl }).overrideLogicalId(`${c.name}_server_url`);
    new TerraformOutput(this, 'kubeconfig-command', {
      value: c.kubeconfigCommand,
      description: 'Run after apply (once K3s is up) to fetch the kubeconfig',
    }).overrideLogicalId(`${c.name}_kubeconfig_command`);
  }
}
