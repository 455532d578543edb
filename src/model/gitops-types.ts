/** The resolved GitOps side of a cluster: apps in layers, derived platform apps, their extra objects. */
import type { GpuVendor } from './gpu';
import type { AppImage } from './resolve-gitops-image';

export type { AppImage };

export interface Chart {
  readonly repo: string;
  readonly name: string;
  readonly version: string;
  /** OCI registry (oci://) rather than a Helm repository. */
  readonly oci: boolean;
  /** Name of the Flux source object for the repository (e.g. `jetstack`). */
  readonly sourceName: string;
}

export interface LbPort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: 'TCP' | 'UDP';
}

export interface Pool {
  readonly name: string;
  readonly addresses: readonly string[];
  /** Only services that request one of its addresses get one. */
  readonly reservedOnly: boolean;
}

/** Objects an app carries besides its chart, derived from the model. */
export type Extra =
  | { readonly type: 'metallb-pools'; readonly pools: readonly Pool[]; readonly reserved: readonly string[] }
  | { readonly type: 'cilium-pools'; readonly pools: readonly Pool[]; readonly reserved: readonly string[] }
  | { readonly type: 'mayastor-pools'; readonly pools: readonly { readonly node: string; readonly device: string }[]; readonly replicas: number; readonly isDefault: boolean }
  | { readonly type: 'nfs-class'; readonly name: string; readonly server: string; readonly share: string; readonly isDefault: boolean }
  | { readonly type: 'nvidia-runtime-class' }
  | { readonly type: 'intel-gpu-plugin'; readonly name: string; readonly image: string; readonly nodeSelector: Readonly<Record<string, string>> }
  | { readonly type: 'system-upgrade-controller' }
  | { readonly type: 'k3s-upgrade-plans'; readonly version: string; readonly agentTolerations: readonly string[]; readonly agents: boolean }
  | { readonly type: 'cluster-issuer'; readonly email: string; readonly dnsZones: readonly string[]; readonly tokenSecret: string; readonly staging: boolean };

export interface App {
  readonly name: string;
  readonly namespace: string;
  readonly layer: string;
  readonly layerIndex: number;
  readonly chart?: Chart;
  /** The app is one container image (`apps.<name>.image`), rendered with cdk8s-plus. @default - none */
  readonly image?: AppImage;
  readonly values: Readonly<Record<string, unknown>>;
  /** Apps this one waits for (explicit, derived, and the CRD providers of its layer), sorted. */
  readonly dependsOn: readonly string[];
  readonly providesCrds: boolean;
  /** Added by us from the model (not listed in the profile). */
  readonly derived: boolean;
  /**
   * The reserved address. `viaChart`: the chart's own LoadBalancer Service carries it (set through values);
   * otherwise we add a Service `<app>-lb`.
   */
  readonly loadBalancer?: { readonly address: string; readonly ports: readonly LbPort[]; readonly selector: Readonly<Record<string, string>>; readonly viaChart: boolean };
  readonly ingress?: { readonly host: string; readonly className: string; readonly issuer?: string; readonly service: string; readonly port: number | string; readonly annotations: Readonly<Record<string, string>> };
  readonly persistence?: {
    readonly size: string;
    readonly storageClass?: string;
    /** Image apps: where the claim is mounted (`/data` unless set). @default - not mounted by us (a chart mounts it) */
    readonly mountPath?: string;
    /** VolSync: Snapshot with the VolumeSnapshotClass of the claim's CSI driver, else Direct (then no restore). */
    readonly backup?: { readonly schedule: string; readonly restore: boolean; readonly copyMethod: 'Snapshot' | 'Direct'; readonly snapshotClass?: string };
  };
  readonly gpu?: AppGpu;
  readonly secrets: readonly { readonly name: string; readonly path: string }[];
  readonly extras: readonly Extra[];
  /** Argo CD sync wave: CRD providers first, then by layer and dependencies. */
  readonly wave: number;
  /** Profile path of the app, for messages. */
  readonly path: string;
  /** Pod Security level asked for in the profile. @default - derived: privileged for host-level charts */
  readonly podSecurity?: PodSecurityLevel;
  /** Why the app's pods need the `privileged` level (a host-level chart), when they do. */
  readonly privilegedReason?: string;
  /** Raw manifests copied into the app folder (`apps.<name>.manifests`), read by the loader. @default - none */
  readonly manifests?: readonly AppManifest[];
  /** kustomize patches of the app folder's kustomization.yaml (`apps.<name>.kustomize.patches`). @default - none */
  readonly patches?: readonly KustomizePatch[];
}

/** An app's GPU request and, when a node of the cluster can serve it, what the app gets. */
export interface AppGpu {
  readonly count: number;
  /** Vendor named in the profile (`gpu: { vendor, count }`). @default - the cluster's only GPU vendor */
  readonly vendor?: GpuVendor;
  readonly target?: {
    readonly vendor: GpuVendor;
    /** Extended resource set as the limit, e.g. `gpu.intel.com/i915`. */
    readonly resource: string;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly runtimeClass?: string;
  };
}

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** A namespace the tree creates, in the first layer that uses it. */
export interface Namespace {
  readonly name: string;
  readonly layer: string;
  /** `pod-security.kubernetes.io/enforce` when an app of the namespace asks for a level. */
  readonly podSecurity?: PodSecurityLevel;
}

/** A Secret nothing in the tree creates: the bootstrap output lists it with the command that creates it. */
export interface BootstrapSecret {
  readonly name: string;
  readonly namespace: string;
  /** What reads it. */
  readonly usedBy: string;
  readonly command: string;
  /** Declared in the profile (an app's `secrets`, the secret store's credentials): validate stays quiet. */
  readonly declared: boolean;
  /** Profile path to declare it at. */
  readonly path: string;
}

export type SecretsConfig =
  | { readonly provider: 'infisical'; readonly hostApi: string; readonly projectSlug: string; readonly envSlug: string; readonly credentials: { readonly name: string; readonly namespace: string } }
  | { readonly provider: 'sops'; readonly ageRecipients: readonly string[] };

export interface GitOps {
  readonly cluster: string;
  readonly engine: 'flux' | 'argocd';
  /** Argo CD: the cluster whose Argo CD deploys this one, when not this cluster itself. */
  readonly managedBy?: string;
  /** Argo CD: API server the Applications target (`https://kubernetes.default.svc` in-cluster). */
  readonly destinationServer: string;
  /** Argo CD: prefix of Application/AppProject names (`<cluster>-` when managed from another cluster). */
  readonly namePrefix: string;
  readonly repoUrl: string;
  readonly branch: string;
  /** Flux: Secret (flux-system) with the credentials of the repository. @default - none */
  readonly repoSecret?: string;
  /** Folder of the tree in the repository and on disk (relative to the project). */
  readonly path: string;
  /** Flux: release whose components the bootstrap exports into `<path>/flux/flux-system/gotk-components.yaml`. @default FLUX_VERSION */
  readonly fluxVersion: string;
  readonly layers: readonly string[];
  readonly interval: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly secrets?: SecretsConfig;
  readonly lbEngine?: 'metallb' | 'cilium';
  readonly apps: readonly App[];
  /** Namespaces the tree creates (not kube-system, default, flux-system, argocd). */
  readonly namespaces: readonly Namespace[];
  /** The cluster runs Talos (Pod Security baseline enforced outside kube-system). */
  readonly talos: boolean;
  /** With `cni: none`: the app that is the CNI, installed by the bootstrap before the engine. */
  readonly cniApp?: string;
  /** Secrets the bootstrap creates by hand. */
  readonly bootstrapSecrets: readonly BootstrapSecret[];
}

/** A YAML file of the profile's project whose objects the app folder carries. */
export interface AppManifest {
  /** The path as written in the profile (relative to the project). */
  readonly source: string;
  /** Profile field, e.g. `clusters.main.apps.plex.manifests[0]`. */
  readonly field: string;
  /** File name in the app folder (`manifest-<base name>.yaml`). */
  readonly file: string;
  /** The objects of the file, in document order (empty until the loader reads the file). */
  readonly objects: readonly Readonly<Record<string, unknown>>[];
}

/** One entry of a kustomization's `patches`. */
export interface KustomizePatch {
  readonly patch: string | Readonly<Record<string, unknown>>;
  readonly target?: Readonly<Record<string, string>>;
}
