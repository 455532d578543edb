/**
 * A K3s cluster on cloud-init VMs: the server token and the separate agent token (`random_password`, only in
 * Terraform state; docs.k3s.io/cli/token), one K3sNode per server and agent, and outputs for the server URL (the
 * VIP when set) and the documented kubeconfig fetch.
 */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { ProfileError } from '../../errors';
import { resolveK3sCluster } from '../../model/resolve-k3s';
import { k3sClusterSchema } from '../../schema/k3s';
import { resolvedOf, type WithHostRef } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { LabRegistry } from '../lab/registry';
import { TerraformOutput } from '../../cdktf';
import { K3S_DEFAULTS } from '../../defaults';
import type { K3sCluster as K3sClusterModel } from '../../model/k3s-types';
import type { ProxmoxVm } from '../proxmox/proxmox-vm';
import { stableId } from '../stable-id';
import { RandomPassword } from '../terraform/random-password';
import { K3sNode } from './k3s-node';
import { addChartToCluster, type ChartBuilder, type GitopsChartOptions } from '../../gitops/extra-charts';

type Input = z.input<typeof k3sClusterSchema>;
type NodeInput = Input['servers'][number];

/**
 * The fields of a profile's `clusters.<name>` entry of a K3s cluster (docs/profile.md, section clusters),
 * validated with the same schema: `template` and `servers` are required; each optional field's default is the
 * one documented there (`agents` @default - none, `k3sVersion` @default the pinned K3s, `vip` @default - none,
 * ...). `template` is an image name or a `GoldenImage`; a node's `host` is a host name or a `Host`.
 */
export type K3sClusterProps = Omit<Input, 'servers' | 'agents' | 'type' | 'template'> & {
  /** The golden image every node is a full clone of (its name or the construct). */
  readonly template: string | { readonly image: { readonly name: string } };
  /** Server nodes, like `clusters.<name>.servers`. */
  readonly servers: readonly WithHostRef<NodeInput>[];
  /** Agent nodes, like `clusters.<name>.agents`. @default - none */
  readonly agents?: readonly WithHostRef<NodeInput>[];
  /** Cluster distribution, `k3s` (implied). @default 'k3s' */
  readonly type?: 'k3s';
  /**
   * Name of the cluster (Terraform names `<name>-token`, outputs `<name>_...`).
   * @default - the construct id
   */
  readonly name?: string;
};

export class K3sCluster extends Construct {
  /** The K3s cluster named `name` in the lab that contains `scope`. */
  static fromName(scope: Construct, name: string): K3sCluster {
    const found = LabRegistry.of(scope, 'K3sCluster.fromName').find('cluster', name);
    if (!(found instanceof K3sCluster)) throw new ProfileError([{ path: found.node.path, message: `cluster "${name}" is not a K3s cluster`, fix: 'look it up with TalosCluster.fromName' }]);
    return found;
  }

  /** The resolved cluster. */
  readonly cluster: K3sClusterModel;
  /** `random_password` of the server token. */
  readonly token: RandomPassword;
  /** `random_password` of the agent token. */
  readonly agentToken: RandomPassword;
  /** Servers, then agents: each with its VM (`node.vm.resource`) and user-data snippet. */
  readonly nodes: K3sNode[] = [];

  constructor(scope: Construct, id: string, props: K3sClusterProps) {
    super(scope, id);
    const registry = LabRegistry.of(this, `K3sCluster ${id}`);
    const c = (this.cluster = resolvedOf<K3sClusterModel>(props) ?? this.resolve(registry, props));
    registry.register('cluster', c.name, this, c);
    const templateVm = registry.template(c.image.name) as ProxmoxVm;
    this.token = stableId(new RandomPassword(this, 'token', { length: K3S_DEFAULTS.tokenLength }), `${c.name}-token`);
    this.agentToken = stableId(new RandomPassword(this, 'agent-token', { length: K3S_DEFAULTS.tokenLength }), `${c.name}-agent-token`);
    const tokens = { server: this.token.result, agent: this.agentToken.result };
    const template = templateVm.resource;
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

  private resolve(registry: LabRegistry, props: K3sClusterProps): K3sClusterModel {
    const { template, type: _t, ...fields } = props;
    return resolveEntity(this, registry, { ...fields, type: 'k3s', template: typeof template === 'string' ? template : template.image.name }, {
      schema: k3sClusterSchema,
      section: 'clusters',
      resolve: (name, input, problems) => resolveK3sCluster(name, input, registry.images(), registry.hosts(), problems, registry.declaredMappings()),
    });
  }

  /**
   * Puts a cdk8s (or cdk8s-plus) chart into this cluster's GitOps tree as an app of its own, deployed by Flux or
   * Argo CD like the profile's apps: `cluster.addChart('web', (scope) => new WebChart(scope, 'web'))`.
   * Throws when the cluster has no `gitops` section or the name, layer or a dependency is wrong.
   */
  addChart(name: string, build: ChartBuilder, options: GitopsChartOptions = {}): void {
    addChartToCluster(this, this.cluster.gitops, name, build, options);
  }
}
