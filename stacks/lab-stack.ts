/** The Terraform stack of a lab: providers, backend, stand-alone VMs and Talos clusters. No logic of its own. */
import { Construct } from 'constructs';
import { LocalBackend, TerraformStack } from '../src/cdktf';
import { ProxmoxVm } from '../src/constructs/proxmox/proxmox-vm';
import { TalosCluster } from '../src/constructs/talos/talos-cluster';
import { LocalProvider } from '../src/constructs/terraform/local-sensitive-file';
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
}

export class LabStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: LabStackProps) {
    super(scope, id);
    const { lab } = props;
    const back = props.projectDirFromStack ?? '../../..';
    const fromProject = (p: string) => (p.startsWith('/') ? p : `\${path.root}/${back}/${p}`);

    new LocalBackend(this, { path: `${back}/terraform.${id}.tfstate` });
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
    for (const vm of lab.vms) new ProxmoxVm(this, `vm-${vm.name}`, { vm });
    for (const cluster of lab.clusters) {
      new TalosCluster(this, `cluster-${cluster.name}`, { cluster, outputPath: fromProject });
    }
  }
}
