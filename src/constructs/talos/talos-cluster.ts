/**
 * A Talos cluster on Proxmox VMs: machine secrets, an image per extension set, one TalosNode per node,
 * bootstrap of the first control plane, and kubeconfig/talosconfig written where the profile says.
 */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { ProfileError } from '../../errors';
import { resolveTalosCluster } from '../../model/resolve-talos';
import { talosClusterSchema } from '../../schema/cluster';
import { resolvedOf, type WithHostRef } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { LabRegistry } from '../lab/registry';
import { DataResource, TerraformOutput } from '../../cdktf';
import type { TalosCluster as TalosClusterModel, TalosNode as TalosNodeModel } from '../../model/types';
import { ClusterKubeconfig, DataTalosClientConfiguration, MachineBootstrap, MachineSecrets } from '../../providers';
import { addressOf, asStruct, stableId } from '../stable-id';
import { LocalSensitiveFile } from '../terraform/local-sensitive-file';
import { imageVariants } from './image-variants';
import { TalosImage } from './talos-image';
import { TalosNode } from './talos-node';
import { addChartToCluster, type ChartBuilder, type GitopsChartOptions } from '../../gitops/extra-charts';

type Input = z.input<typeof talosClusterSchema>;
type NodeInput = Input['controlPlanes'][number];

/**
 * The fields of a profile's `clusters.<name>` entry of a Talos cluster (docs/profile.md, section clusters),
 * validated with the same schema: `controlPlanes` is required; each optional field's default is the one
 * documented there (`workers` @default - none, `talosVersion` @default the pinned Talos, `cni` @default
 * 'flannel', `kubeconfigPath` @default 'generated/<name>/kubeconfig', `gitops` @default - none, ...). A node's
 * `host` is a host name or a `Host`.
 */
export type TalosClusterProps = Omit<Input, 'controlPlanes' | 'workers' | 'type'> & {
  /** Control-plane nodes, like `clusters.<name>.controlPlanes`. */
  readonly controlPlanes: readonly WithHostRef<NodeInput>[];
  /** Worker nodes, like `clusters.<name>.workers`. @default - none */
  readonly workers?: readonly WithHostRef<NodeInput>[];
  /** Cluster distribution; only `talos` here. @default 'talos' */
  readonly type?: 'talos';
  /**
   * Name of the cluster (Talos cluster name, Terraform names `<name>-...`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Maps kubeconfigPath and talosconfigPath to the filename Terraform writes, e.g. prefixing
   * `${path.root}/../../..` so files land beside the profile, not in the synth output.
   * @default - the LabStack's (paths relative to the project directory)
   */
  readonly outputPath?: (path: string) => string;
};

export class TalosCluster extends Construct {
  /** The cluster named `name` in the lab that contains `scope` (Talos or K3s: see `LabStack.cluster`). */
  static fromName(scope: Construct, name: string): TalosCluster {
    const found = LabRegistry.of(scope, 'TalosCluster.fromName').find('cluster', name);
    if (!(found instanceof TalosCluster)) throw new ProfileError([{ path: found.node.path, message: `cluster "${name}" is not a Talos cluster`, fix: 'look it up with K3sCluster.fromName' }]);
    return found;
  }

  /** The resolved cluster. */
  readonly cluster: TalosClusterModel;
  /** `talos_machine_secrets`. */
  readonly secrets: MachineSecrets;
  /** Talos images by variant (extension set): the Image Factory schematic and the downloads per host. */
  readonly images = new Map<string, TalosImage>();
  /** One per node: its VM (`node.vm.resource`), machine configuration and apply. */
  readonly nodes: TalosNode[] = [];
  /** `talos_machine_bootstrap` of the first control plane. */
  readonly bootstrap: MachineBootstrap;
  /** `talos_cluster_kubeconfig`. */
  readonly kubeconfig: ClusterKubeconfig;
  /** `data.talos_client_configuration` (the talosconfig). */
  readonly talosconfig: DataTalosClientConfiguration;

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    const registry = LabRegistry.of(this, `TalosCluster ${id}`);
    const c = (this.cluster = resolvedOf<TalosClusterModel>(props) ?? this.resolve(registry, props));
    registry.register('cluster', c.name, this, c);
    const out = props.outputPath ?? registry.settings.outputPath;
    this.secrets = stableId(new MachineSecrets(this, 'secrets', { talosVersion: c.talosVersion }), c.name);
    const all = [...c.controlPlanes, ...c.workers];

    const variants = imageVariants(all);
    const variantOf = (n: TalosNodeModel) => variants.byNode.get(n)!;
    for (const [variant, members] of variants.members) {
      this.images.set(variant, new TalosImage(this, `image-${variant}`, {
        name: `${c.name}-${variant}`,
        extensions: members[0]!.extensions,
        talosVersion: c.talosVersion,
        nodeNames: members.map((n) => n.vm.host.nodeName),
        datastore: c.imageDatastore,
        factoryUrl: c.imageFactoryUrl,
      }));
    }
    for (const node of all) {
      this.nodes.push(new TalosNode(this, node.vm.name, { cluster: c, node, secrets: this.secrets, image: this.images.get(variantOf(node))! }));
    }

    const first = c.controlPlanes[0]!;
    const client = asStruct<never>(this.secrets.clientConfiguration);
    const cpApplies = this.nodes.filter((n) => c.controlPlanes.some((cp) => cp.vm.name === n.node.id)).map((n) => n.apply);
    const bootstrap = (this.bootstrap = stableId(
      new MachineBootstrap(this, 'bootstrap', {
        nodeAttribute: first.address,
        endpoint: first.address,
        clientConfiguration: client,
        dependsOn: cpApplies,
        lifecycle: c.controlPlanes.length === 1 ? { replaceTriggeredBy: [addressOf(this.controlPlaneIdentity(c))] } : undefined,
      }),
      c.name,
    ));
    const kubeconfig = (this.kubeconfig = stableId(
      new ClusterKubeconfig(this, 'kubeconfig', { nodeAttribute: first.address, endpoint: first.address, clientConfiguration: client, dependsOn: [bootstrap] }),
      c.name,
    ));
    const talosconfig = (this.talosconfig = new DataTalosClientConfiguration(this, 'talosconfig', {
      clusterName: c.name,
      clientConfiguration: client,
      endpoints: c.controlPlanes.map((n) => n.address),
      nodes: all.map((n) => n.address),
    }));
    stableId(talosconfig, c.name);
    stableId(new LocalSensitiveFile(this, 'kubeconfig-file', { filename: out(c.kubeconfigPath), content: kubeconfig.kubeconfigRaw }), `${c.name}-kubeconfig`);
    stableId(new LocalSensitiveFile(this, 'talosconfig-file', { filename: out(c.talosconfigPath), content: talosconfig.talosConfig }), `${c.name}-talosconfig`);

    new TerraformOutput(this, 'kubeconfig-output', { value: kubeconfig.kubeconfigRaw, sensitive: true }).overrideLogicalId(`${c.name}_kubeconfig`);
    new TerraformOutput(this, 'talosconfig-output', { value: talosconfig.talosConfig, sensitive: true }).overrideLogicalId(`${c.name}_talosconfig`);
    new TerraformOutput(this, 'endpoint-output', { value: c.clusterEndpoint }).overrideLogicalId(`${c.name}_endpoint`);
    // What `homelab upgrade` hands to `talosctl upgrade --image`, per node (the schematic id is known after apply).
    new TerraformOutput(this, 'installer-images-output', {
      value: Object.fromEntries(all.map((n) => [n.vm.name, this.images.get(variantOf(n))!.installerImage])),
    }).overrideLogicalId(`${c.name}_installer_images`);
  }

  private resolve(registry: LabRegistry, props: TalosClusterProps): TalosClusterModel {
    const { outputPath: _o, type: _t, ...fields } = props;
    return resolveEntity(this, registry, fields, {
      schema: talosClusterSchema,
      section: 'clusters',
      resolve: (name, input, problems) => resolveTalosCluster(name, input, registry.hosts(), problems, registry.declaredMappings()),
    });
  }

  /**
   * A single control plane holds the only etcd member: when its VM is replaced (new VMID or host) the new VM
   * has an empty etcd and must be bootstrapped again. `talos_machine_bootstrap` never re-runs on its own
   * (its Update only stores the plan; terraform-provider-talos v0.11.0 talos_machine_bootstrap_resource.go),
   * and re-running it on a bootstrapped node fails, so it is replaced only when this identity changes.
   */
  private controlPlaneIdentity(c: TalosClusterModel): DataResource {
    const vm = c.controlPlanes[0]!.vm;
    return stableId(new DataResource(this, 'control-plane-identity', { triggersReplace: { vmId: vm.vmId, nodeName: vm.host.nodeName } }), `${c.name}-control-plane`);
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
