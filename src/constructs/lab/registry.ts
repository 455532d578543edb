/**
 * The lab's constructs register here (one registry per LabStack): cross-references by name resolve against it,
 * and the stack assembles the resolved model (`Lab`) from it, so whole-lab checks, wiring and reports see
 * constructs added in code exactly like those from a profile. No cdktf.
 */
import type { IConstruct } from 'constructs';
import { ProfileError } from '../../errors';
import { recordEnvReferences, envReferencesOf } from '../../model/env-origins';
import type { Container, GoldenImage, PciMapping, ProxmoxAccess, StateBackend } from '../../model/infra-types';
import type { K3sCluster } from '../../model/k3s-types';
import { shareStorage } from '../../model/resolve-proxmox';
import type { Acknowledgement, Host, Lab, StackMode, TalosCluster, Vm } from '../../model/types';

/** Models of the registered entities, by kind. */
export interface EntityModels {
  readonly host: Host;
  readonly mapping: PciMapping;
  readonly image: GoldenImage;
  readonly vm: Vm;
  readonly container: Container;
  readonly cluster: TalosCluster | K3sCluster;
}
export type EntityKind = keyof EntityModels;

/** Lab-wide settings of a LabStack (what a profile has besides its entities). */
export interface LabSettings {
  readonly name: string;
  readonly proxmox: {
    /** @default - the endpoint of the first host (by name) */
    readonly endpoint?: string;
    readonly insecure: boolean;
    readonly sshUser: string;
    readonly clusterName?: string;
    readonly access?: ProxmoxAccess;
    readonly terraformUser: string;
  };
  readonly state: StateBackend;
  readonly acknowledge: readonly Acknowledgement[];
  /** `proxmox.mappings` is declared: a VM's `pci[].mapping` must name a PciMapping of the lab. */
  readonly mappingsDeclared: boolean;
  /** The lab the stack was built from, if any (its env references and lab-wide fields carry over). */
  readonly base?: Lab;
  /** Maps a project-relative output path (kubeconfig, talosconfig) to the filename Terraform writes. */
  readonly outputPath: (path: string) => string;
  /** How the lab splits into stacks (a profile's `stacks`); a lab in code is one stack. @default 'single' */
  readonly stacks?: StackMode;
  /** Template VMs of golden images another stack of a split lab creates, by image name. */
  readonly templates?: ReadonlyMap<string, IConstruct>;
}

interface Entry<K extends EntityKind = EntityKind> {
  readonly name: string;
  readonly construct: IConstruct;
  readonly model: EntityModels[K];
  /** Written in code (not built from a profile or a resolved lab): findings name the construct path. */
  readonly fromCode: boolean;
}

const KIND_NAMES: Record<EntityKind, string> = {
  host: 'host', mapping: 'PCI mapping', image: 'golden image', vm: 'VM', container: 'container', cluster: 'cluster',
};
const CONSTRUCT: Record<EntityKind, string> = {
  host: 'Host', mapping: 'PciMapping', image: 'GoldenImage', vm: 'ProxmoxVm', container: 'LxcContainer', cluster: 'TalosCluster or K3sCluster',
};

const registries = new WeakMap<IConstruct, LabRegistry>();
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export class LabRegistry {
  /** The registry of the LabStack that contains `scope`; `what` names the construct for the error. */
  static of(scope: IConstruct, what: string): LabRegistry {
    for (const s of [...scope.node.scopes].reverse()) {
      const found = registries.get(s);
      if (found) return found;
    }
    throw new ProfileError([{ path: scope.node.path, message: `${what} must be created inside a LabStack`, fix: 'pass the LabStack (or a construct inside it) as scope' }]);
  }

  private readonly entries = new Map<EntityKind, Map<string, Entry>>();
  private sharedHosts?: Map<string, Host>;
  private building = false;

  constructor(readonly stack: IConstruct, readonly settings: LabSettings, private readonly onRegister: (kind: EntityKind, model: unknown) => void = () => {}) {
    registries.set(stack, this);
  }

  /** Runs `fn`, which builds the constructs of a profile or a resolved lab (their problems keep profile paths). */
  build(fn: () => void): void {
    this.building = true;
    try {
      fn();
    } finally {
      this.building = false;
    }
  }

  /** Whether constructs created now are written in code: their problems and findings name construct paths. */
  get inCode(): boolean {
    return !this.building;
  }

  register<K extends EntityKind>(kind: K, name: string, construct: IConstruct, model: EntityModels[K]): void {
    let table = this.entries.get(kind);
    if (!table) this.entries.set(kind, (table = new Map()));
    const other = table.get(name);
    if (other) {
      throw new ProfileError([{ path: construct.node.path, message: `the lab already has a ${KIND_NAMES[kind]} named "${name}" (${other.construct.node.path})`, fix: 'give one of them another name' }]);
    }
    this.onRegister(kind, model);
    table.set(name, { name, construct, model, fromCode: this.inCode });
    if (kind === 'host') this.sharedHosts = undefined;
  }

  /** Registered entries of a kind, by name. */
  list<K extends EntityKind>(kind: K): Entry<K>[] {
    return [...((this.entries.get(kind) ?? new Map()) as Map<string, Entry<K>>).values()].sort(byName);
  }

  /** The construct registered as `name`, or a ProfileError listing the known names. */
  find<K extends EntityKind>(kind: K, name: string): IConstruct {
    const entry = this.entries.get(kind)?.get(name);
    if (entry) return entry.construct;
    const known = this.list(kind).map((e) => e.name);
    throw new ProfileError([{
      path: this.stack.node.path,
      message: `no ${KIND_NAMES[kind]} named "${name}" in the lab`,
      fix: known.length ? `use one of ${known.join(', ')}` : `create it first (new ${CONSTRUCT[kind]}(...))`,
    }]);
  }

  /**
   * The template VM (a `ProxmoxVm`) of the golden image `name`: this stack's `GoldenImage`, else one another
   * stack of a split lab creates (LabStackProps.templates); a ProfileError listing the images when neither has it.
   */
  template(name: string): IConstruct {
    const own = this.entries.get('image')?.get(name);
    if (own) return (own.construct as unknown as { readonly template: IConstruct }).template;
    return this.settings.templates?.get(name) ?? this.find('image', name);
  }

  /** Hosts by key, with shared storage added to every host (as resolveLab does). */
  hosts(): ReadonlyMap<string, Host> {
    if (this.sharedHosts) return this.sharedHosts;
    const hosts = this.list('host');
    const asGiven = new Map(hosts.map((e) => [e.name, e.model]));
    // Hosts of a resolved lab already share their storage; keep those objects as they are.
    this.sharedHosts = hosts.every((e) => this.settings.base?.hosts.includes(e.model)) ? asGiven : shareStorage(asGiven);
    return this.sharedHosts;
  }

  /** The lab's PCI mappings by name, when names are checked (see LabSettings.mappingsDeclared). */
  declaredMappings(): ReadonlyMap<string, PciMapping> | undefined {
    const mappings = this.mappings();
    return this.settings.mappingsDeclared || mappings.size > 0 ? mappings : undefined;
  }

  mappings(): Map<string, PciMapping> {
    return new Map(this.list('mapping').map((e) => [e.name, e.model]));
  }

  images(): Map<string, GoldenImage> {
    return new Map(this.list('image').map((e) => [e.name, e.model]));
  }

  /** The resolved model of everything registered, in resolveLab's order. */
  lab(): Lab {
    const s = this.settings;
    const hosts = [...this.hosts().values()];
    const clusters = this.list('cluster').map((e) => e.model);
    const lab: Lab = {
      ...s.base,
      name: s.name,
      proxmox: {
        ...s.base?.proxmox,
        endpoint: s.proxmox.endpoint ?? hosts[0]?.endpoint ?? '',
        insecure: s.proxmox.insecure,
        sshUser: s.proxmox.sshUser,
        clusterName: s.proxmox.clusterName,
        mappings: this.mappings(),
        access: s.proxmox.access,
        terraformUser: s.proxmox.terraformUser,
      },
      state: s.state,
      hosts,
      vms: this.list('vm').map((e) => e.model),
      clusters: clusters.filter((c): c is TalosCluster => !('servers' in c)),
      k3sClusters: clusters.filter((c): c is K3sCluster => 'servers' in c),
      images: this.list('image').map((e) => e.model),
      containers: this.list('container').map((e) => e.model),
      acknowledge: s.acknowledge,
      stacks: s.base?.stacks ?? s.stacks ?? 'single',
    };
    if (s.base) recordEnvReferences(lab, envReferencesOf(s.base));
    return lab;
  }

  /**
   * Model path (`vms.jellyfin`, `clusters.main`) -> construct path, for the entities written in code, so a
   * finding about them names the construct the author wrote.
   */
  codePaths(): Map<string, string> {
    const paths = new Map<string, string>();
    for (const [kind, table] of this.entries) {
      for (const e of table.values()) {
        const path = kind === 'host' ? `hosts.${e.name}` : kind === 'mapping' ? `proxmox.mappings.${e.name}` : (e.model as { path?: string }).path;
        if (e.fromCode && path) paths.set(path, e.construct.node.path);
      }
    }
    return paths;
  }
}
