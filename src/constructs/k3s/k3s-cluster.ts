/**
 * A K3s cluster on cloud-init VMs: the server token and the separate agent token (`random_password`, only in
 * Terraform state; docs.k3s.io/cli/token), one K3sNode per server and agent, and outputs for the server URL (the
 * VIP when set) and the documented kubeconfig fetch.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../../cdktf';
import { K3S_DEFAULTS } from '../../defaults';
import type { K3sCluster as K3sClusterModel } from '../../model/k3s-types';
import type { ProxmoxVm } from '../proxmox/proxmox-vm';
import { stableId } from '../stable-id';
import { RandomPassword } from '../terraform/random-password';
import { K3sNode } from './k3s-node';
import { addGitopsChart, type ChartBuilder, type GitopsChartOptions } from '../../gitops/extra-charts';
import type { GitOps } from '../../model/gitops-types';

export interface K3sClusterProps {
  /** The resolved cluster. */
  readonly cluster: K3sClusterModel;
  /** The template VM of the cluster's golden image (`GoldenImage.template`). */
  readonly template: ProxmoxVm;
}

export class K3sCluster extends Construct {
  readonly token: RandomPassword;
  readonly agentToken: RandomPassword;
  readonly nodes: K3sNode[] = [];
  private readonly gitops?: GitOps;

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const c = props.cluster;
    this.gitops = c.gitops;
    this.token = stableId(new RandomPassword(this, 'token', { length: K3S_DEFAULTS.tokenLength }), `${c.name}-token`);
    this.agentToken = stableId(new RandomPassword(this, 'agent-token', { length: K3S_DEFAULTS.tokenLength }), `${c.name}-agent-token`);
    const tokens = { server: this.token.result, agent: this.agentToken.result };
    const template = props.template.resource;
    for (const node of c.servers) {
      this.nodes.push(new K3sNode(this, node.vm.name, { cluster: c, node, tokens, dependsOn: [template] }));
    }
    // Agents join through the first server (or the VIP it announces first), so they are created after it.
    const first = this.nodes[0]!.vm.resource;
    for (const node of c.agents) {
      this.nodes.push(new K3sNode(this, node.vm.name, { cluster: c, node, tokens, dependsOn: [template, first] }));
    }

    new TerraformOutput(this, 'server-url', { value: c.serverUrl }).overrideLogicalId(`${c.name}_server_url`);
    new TerraformOutput(this, 'kubeconfig-command', {
      value: c.kubeconfigCommand,
      description: 'Run after apply (once K3s is up) to fetch the kubeconfig',
    }).overrideLogicalId(`${c.name}_kubeconfig_command`);
  }

  /**
   * Puts a cdk8s (or cdk8s-plus) chart into this cluster's GitOps tree as an app of its own, deployed by Flux or
   * Argo CD like the profile's apps: `cluster.addChart('web', (scope) => new WebChart(scope, 'web'))`.
   * Throws when the cluster has no `gitops` section or the name, layer or a dependency is wrong.
   */
  addChart(name: string, build: ChartBuilder, options: GitopsChartOptions = {}): void {
    if (!this.gitops) throw new Error(`${this.node.path}.addChart("${name}"): the cluster has no gitops section, so there is no tree to add a chart to`);
    addGitopsChart(this.gitops, name, build, options);
  }
}
