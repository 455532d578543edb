/**
 * The Terraform stack of a lab: providers, backend, PCI mappings, golden images, stand-alone VMs, LXC
 * containers, Talos and K3s clusters. No logic of its own.
 */
import { Construct } from 'constructs';
import { dependable, TerraformStack } from '../src/cdktf';
import { K3sCluster } from '../src/constructs/k3s/k3s-cluster';
import { GoldenImage } from '../src/constructs/proxmox/golden-image';
import { LxcContainer } from '../src/constructs/proxmox/lxc-container';
import { PciMapping } from '../src/constructs/proxmox/pci-mapping';
import { ProxmoxVm } from '../src/constructs/proxmox/proxmox-vm';
import { TalosCluster } from '../src/constructs/talos/talos-cluster';
import { LocalProvider } from '../src/constructs/terraform/local-sensitive-file';
import { RandomProvider } from '../src/constructs/terraform/random-password';
import { addStateBackend } from '../src/constructs/terraform/state-backend';
import type { Lab } from '../src/model/types';
import { ProxmoxProvider, TalosProvider } from '../src/providers';

export interface LabStackProps {
  readonly lab: Lab;
  /**
   * Path from the stack's Terraform working directory back to the project directory, so that state,
   * kubeconfig and talosconfig land beside the profile and survive a re-synth.
   * @default '../../..' (cdktf.out/stacks/<stack>)
   */
  readonly projectDirFromStack?: string;
  /**
   * Path from the stack's Terraform working directory to the folder of the local backend's state file
   * (`terraform.<stack>.tfstate`): the profile's folder (see SynthOptions.stateDir).
   * @default - projectDirFromStack
   */
  readonly stateDirFromStack?: string;
  /**
   * Template VMs of golden images that another stack creates, by image name (split stacks: stacks/lab-app.ts).
   * @default - none (every image the lab's clusters clone is in `lab.images`)
   */
  readonly templates?: ReadonlyMap<string, ProxmoxVm>;
}

export class LabStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id);
    const { lab } = props;
    const back = props.projectDirFromStack ?? '../../..';
    const fromProject = (p: string) => (p.startsWith('/') ? p : `\${path.root}/${back}/${p}`);

    addStateBackend(this, { state: lab.state, stackName: id, localPath: `${props.stateDirFromStack ?? back}/terraform.${id}.tfstate` });
    // Credentials come only from the environment: PROXMOX_VE_API_TOKEN (or PROXMOX_VE_USERNAME and
    // PROXMOX_VE_PASSWORD), PROXMOX_VE_SSH_* for uploads. Nothing secret is written here.
    new ProxmoxProvider(this, 'proxmox', {
      endpoint: lab.proxmox.endpoint,
      insecure: lab.proxmox.insecure,
      ssh: [{ username: lab.proxmox.sshUser }],
    });
    if (lab.clusters.length > 0) {
      new TalosProvider(this, 'talos', {});
      new LocalProvider(this, 'local');
    }
    if (lab.k3sClusters.length > 0) new RandomProvider(this, 'random');
    const mappings = new Map([...lab.proxmox.mappings.values()].map((m) => [m.name, new PciMapping(this, `mapping-${m.name}`, { mapping: m })]));
    const images = new Map(lab.images.map((image) => [image.name, new GoldenImage(this, `image-${image.name}`, { image })]));
    for (const vm of lab.vms) new ProxmoxVm(this, `vm-${vm.name}`, { vm });
    for (const container of lab.containers) new LxcContainer(this, `ct-${container.name}`, { container });
    for (const cluster of lab.clusters) {
      new TalosCluster(this, `cluster-${cluster.name}`, { cluster, outputPath: fromProject });
    }
    for (const cluster of lab.k3sClusters) {
      new K3sCluster(this, `k3s-${cluster.name}`, { cluster, template: images.get(cluster.image.name)?.template ?? props.templates!.get(cluster.image.name)! });
    }
    // A VM that uses a mapping by name must wait for the mapping Terraform creates.
    for (const vm of this.node.findAll().filter((c): c is ProxmoxVm => c instanceof ProxmoxVm)) {
      const used = vm.vm.pci.flatMap((p) => (p.mapping && mappings.has(p.mapping) ? [mappings.get(p.mapping)!.resource] : []));
      if (used.length) vm.resource.dependsOn = [...new Set([...(vm.resource.dependsOn ?? []), ...used.map((r) => dependable(r))])];
    }
  }
}
