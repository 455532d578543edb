/**
 * A Talos cluster on Proxmox VMs: machine secrets, an image per extension set, one TalosNode per node,
 * bootstrap of the first control plane, and kubeconfig/talosconfig written where the profile says.
 */
import { Construct } from 'constructs';
import { DataResource, TerraformOutput } from '../../cdktf';
import type { TalosCluster as TalosClusterModel, TalosNode as TalosNodeModel } from '../../model/types';
import { ClusterKubeconfig, DataTalosClientConfiguration, MachineBootstrap, MachineSecrets } from '../../providers';
import { addressOf, asStruct, stableId } from '../stable-id';
import { LocalSensitiveFile } from '../terraform/local-sensitive-file';
import { imageVariants } from './image-variants';
import { TalosImage } from './talos-image';
import { TalosNode } from './talos-node';
import { addGitopsChart, type ChartBuilder, type GitopsChartOptions } from '../../gitops/extra-charts';
import type { GitOps } from '../../model/gitops-types';

export interface TalosClusterProps {
  /** The resolved cluster. */
  readonly cluster: TalosClusterModel;
  /**
   * Maps a path of the profile (kubeconfigPath, talosconfigPath) to the filename Terraform writes, e.g.
   * prefixing `${path.root}/../../..` so files land beside the profile, not in the synth output.
   * @default - the path unchanged
   */
  readonly outputPath?: (path: string) => string;
}

export class TalosCluster extends Construct {
  readonly secrets: MachineSecrets;
  readonly images = new Map<string, TalosImage>();
  readonly nodes: TalosNode[] = [];
  private readonly gitops?: GitOps;

  constructor(scope: Construct, id: string, props: TalosClusterProps) {
    super(scope, id);
    const c = props.cluster;
    this.gitops = c.gitops;
    const out = props.outputPath ?? ((p: string) => p);
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
    const bootstrap = stableId(
      new MachineBootstrap(this, 'bootstrap', {
        nodeAttribute: first.address,
        endpoint: first.address,
        clientConfiguration: client,
        dependsOn: cpApplies,
        lifecycle: c.controlPlanes.length === 1 ? { replaceTriggeredBy: [addressOf(this.controlPlaneIdentity(c))] } : undefined,
      }),
      c.name,
    );
    const kubeconfig = stableId(
      new ClusterKubeconfig(this, 'kubeconfig', { nodeAttribute: first.address, endpoint: first.address, clientConfiguration: client, dependsOn: [bootstrap] }),
      c.name,
    );
    const talosconfig = new DataTalosClientConfiguration(this, 'talosconfig', {
      clusterName: c.name,
      clientConfiguration: client,
      endpoints: c.controlPlanes.map((n) => n.address),
      nodes: all.map((n) => n.address),
    });
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
    if (!this.gitops) throw new Error(`${this.node.path}.addChart("${name}"): the cluster has no gitops section, so there is no tree to add a chart to`);
    addGitopsChart(this.gitops, name, build, options);
  }
}
