/**
 * The Terraform stack of a lab: providers, backend and the lab's constructs — built from a resolved lab, from a
 * profile, or written in code (`new Host(stack, ...)`, `new ProxmoxVm(stack, ...)`, ...). The constructs register
 * with the stack; it assembles the resolved model from them (`lab`), wires what follows from the whole lab and
 * runs the whole-lab checks at synth, so constructs added in code are checked like profile ones.
 */
import { Construct } from 'constructs';
import { Aspects, dependable, TerraformStack } from '../src/cdktf';
import { K3sCluster } from '../src/constructs/k3s/k3s-cluster';
import { checkLab } from '../src/constructs/lab/lab-checks';
import { mergeLabs } from '../src/constructs/lab/merge-labs';
import { ReadableIds } from '../src/constructs/readable-ids';
import { addLabConstructs, addProfileConstructs } from '../src/constructs/lab/from-profile';
import { LabRegistry, type EntityKind } from '../src/constructs/lab/registry';
import { labSettings, type LabSettingsInput } from '../src/constructs/lab/settings';
import type { GoldenImage } from '../src/constructs/proxmox/golden-image';
import type { Host } from '../src/constructs/proxmox/host';
import type { LxcContainer } from '../src/constructs/proxmox/lxc-container';
import type { PciMapping } from '../src/constructs/proxmox/pci-mapping';
import { ProxmoxVm } from '../src/constructs/proxmox/proxmox-vm';
import type { TalosCluster } from '../src/constructs/talos/talos-cluster';
import { LocalProvider } from '../src/constructs/terraform/local-sensitive-file';
import { RandomProvider } from '../src/constructs/terraform/random-password';
import { addStateBackend } from '../src/constructs/terraform/state-backend';
import { UsageError } from '../src/errors';
import type { Lab } from '../src/model/types';
import { ProxmoxProvider, TalosProvider } from '../src/providers';
import { parseProfile } from '../src/schema/load';
import type { Finding } from '../src/validate/validate';

/** App context keys `synth({ build })` sets: the stacks' paths back to the project and to the state folder. */
export const PROJECT_DIR_CONTEXT = 'homelab:projectDirFromStack';
export const STATE_DIR_CONTEXT = 'homelab:stateDirFromStack';

export interface LabStackProps extends LabSettingsInput {
  /**
   * Path from the stack's Terraform working directory back to the project directory, so that state,
   * kubeconfig and talosconfig land beside the profile and survive a re-synth.
   * @default - set by `synth({ build })` for its output directory, else '../../..' (cdktf.out/stacks/<stack>)
   */
  readonly projectDirFromStack?: string;
  /**
   * Path from the stack's Terraform working directory to the folder of the local backend's state file
   * (`terraform.<stack>.tfstate`): the profile's folder (see SynthOptions.stateDir).
   * @default - set by `synth({ build })` (its `stateDir`), else projectDirFromStack
   */
  readonly stateDirFromStack?: string;
  /**
   * Template VMs of golden images that another stack creates, by image name (split stacks: stacks/lab-app.ts).
   * @default - none (every image the lab's clusters clone is in `lab.images`)
   */
  readonly templates?: ReadonlyMap<string, ProxmoxVm>;
}

export class LabStack extends TerraformStack {
  /** The bpg/proxmox provider (credentials only from PROXMOX_VE_* environment variables). */
  readonly proxmoxProvider: ProxmoxProvider;
  /** Warnings of the whole-lab checks of the last synth (errors throw). */
  findings: readonly Finding[] = [];
  private readonly registry: LabRegistry;
  private readonly endpointGiven: boolean;

  constructor(scope: Construct, id: string, props: LabStackProps = {}) {
    super(scope, id);
    ReadableIds.of(this);
    // synth({ build }) tells stacks written in code where the project is, seen from its output directory.
    const fromApp = (key: string): string | undefined => this.node.tryGetContext(key);
    const back = props.projectDirFromStack ?? fromApp(PROJECT_DIR_CONTEXT) ?? '../../..';
    const stateBack = props.stateDirFromStack ?? fromApp(STATE_DIR_CONTEXT) ?? back;
    const lab = props.lab;
    const profile = props.profile && parseProfile(props.profile);
    if (lab && profile) throw new UsageError(`LabStack ${id}: give a lab or a profile, not both`);
    const settings = { ...labSettings(id, { ...props, profile }, (p: string) => (p.startsWith('/') ? p : `\${path.root}/${back}/${p}`)), templates: props.templates };
    this.registry = new LabRegistry(this, settings, (kind, model) => this.providerFor(kind, model));
    addStateBackend(this, { state: settings.state, stackName: id, localPath: `${stateBack}/terraform.${id}.tfstate` });
    // Credentials come only from the environment: PROXMOX_VE_API_TOKEN (or PROXMOX_VE_USERNAME and
    // PROXMOX_VE_PASSWORD), PROXMOX_VE_SSH_* for uploads. Nothing secret is written here.
    this.endpointGiven = settings.proxmox.endpoint !== undefined;
    this.proxmoxProvider = new ProxmoxProvider(this, 'proxmox', {
      endpoint: settings.proxmox.endpoint,
      insecure: settings.proxmox.insecure,
      ssh: [{ username: settings.proxmox.sshUser }],
    });
    const types = Object.values(profile?.clusters ?? {}).map((c) => c.type ?? 'talos');
    // Providers in a fixed order (part of the output): Talos and local files, then random.
    if ((lab?.clusters.length ?? 0) > 0 || types.includes('talos')) this.providerFor('cluster', { talos: true });
    if ((lab?.k3sClusters.length ?? 0) > 0 || types.includes('k3s')) this.providerFor('cluster', { servers: true });
    this.registry.build(() => {
      if (lab) addLabConstructs(this, lab);
      if (profile) addProfileConstructs(this, profile);
    });
    Aspects.of(this).add({ visit: (node) => node === this && this.wire() });
    // The whole-lab checks run when the stack is synthesized: errors throw ProfileError or ValidationError.
    // A lab split into stacks is checked as a whole: the models of its sibling stacks together.
    this.node.addValidation({ validate: () => ((this.findings = checkLab(() => this.wholeLab(), this.registry)), []) });
  }

  /** The lab this stack is part of: its own model, or with a split lab the models of every stack of it in the app. */
  wholeLab(): Lab {
    const name = this.registry.settings.name;
    const parts = (this.node.scope?.node.children ?? []).filter((c): c is LabStack => c instanceof LabStack && c.registry.settings.name === name);
    return parts.length > 1 ? mergeLabs(parts.map((p) => p.model)) : this.model;
  }

  /**
   * The resolved model (`Lab`) of every construct of the lab in this stack, as a profile resolves to it;
   * assembled on each call. What the whole-lab checks, the inventory and the graph read.
   */
  get model(): Lab {
    return this.registry.lab();
  }

  /** The stand-alone VM named `name` (not a cluster node: see `cluster(name).nodes`). */
  vm(name: string): ProxmoxVm {
    return this.registry.find('vm', name) as ProxmoxVm;
  }

  /** The Talos or K3s cluster named `name`. */
  cluster(name: string): TalosCluster | K3sCluster {
    return this.registry.find('cluster', name) as TalosCluster | K3sCluster;
  }

  host(name: string): Host {
    return this.registry.find('host', name) as Host;
  }

  container(name: string): LxcContainer {
    return this.registry.find('container', name) as LxcContainer;
  }

  image(name: string): GoldenImage {
    return this.registry.find('image', name) as GoldenImage;
  }

  mapping(name: string): PciMapping {
    return this.registry.find('mapping', name) as PciMapping;
  }

  /**
   * What follows from the whole lab, once, before synth (an Aspect, so `Testing.synth` gets it too): the
   * provider endpoint of the first host unless given, and VMs that use a PCI mapping by name wait for it.
   */
  private wire(): void {
    if (this.wired) return;
    this.wired = true;
    if (!this.endpointGiven) this.proxmoxProvider.endpoint = this.model.proxmox.endpoint;
    // What a VM uses that Terraform creates in this stack comes first: the PCI mappings it names, and the
    // template of the golden image it clones (a clone of a VMID that does not exist yet fails the apply).
    const mappings = new Map(this.registry.list('mapping').map((e) => [e.name, (e.construct as PciMapping).resource]));
    const templates = new Map(this.registry.list('image').map((e) => [e.name, (e.construct as GoldenImage).template.resource]));
    for (const vm of this.node.findAll().filter((c): c is ProxmoxVm => c instanceof ProxmoxVm)) {
      const used: string[] = vm.vm.pci.flatMap((p) => (p.mapping && mappings.has(p.mapping) ? [dependable(mappings.get(p.mapping)!)] : []));
      const os = vm.vm.os;
      if (os?.kind === 'clone' && templates.has(os.image)) used.push(dependable(templates.get(os.image)!));
      if (used.length) vm.resource.dependsOn = [...new Set([...(vm.resource.dependsOn ?? []), ...used])];
    }
  }

  private readonly providers = new Set<string>();
  private wired = false;

  /** Adds the providers a construct of `kind` needs, once: a K3s cluster (it has `servers`) random, a Talos one talos and local. */
  private providerFor(kind: EntityKind, model: unknown): void {
    if (kind !== 'cluster') return;
    const k3s = 'servers' in (model as object);
    if (!k3s && !this.providers.has('talos')) {
      new TalosProvider(this, 'talos', {});
      new LocalProvider(this, 'local');
      this.providers.add('talos');
    }
    if (k3s && !this.providers.has('random')) {
      new RandomProvider(this, 'random');
      this.providers.add('random');
    }
  }
}
