/** Profile sections for what runs on a cluster: `clusters.<name>.gitops`, `.apps`, `.loadBalancer`, `.storage`, `.certManager`. */
import { z } from 'zod';
import { FLUX_VERSION, GITOPS_DEFAULTS } from '../defaults';
import { cidr, ipv4, name } from './primitives';
import { imageSchema } from './app-image';

const d = (description: string, extra: Record<string, unknown> = {}) => ({ description, ...extra });

/** `10.10.2.240-10.10.2.254` or a CIDR. */
const addressRange = z
  .string()
  .regex(/^(\d{1,3}(\.\d{1,3}){3}-\d{1,3}(\.\d{1,3}){3}|\d{1,3}(\.\d{1,3}){3}\/\d{1,2})$/, 'must be a range a.b.c.d-e.f.g.h or a CIDR');

export const chartSchema = z
  .object({
    repo: z.string().regex(/^(https?|oci):\/\/\S+$/).meta(d('Helm repository URL, or an OCI registry path (oci://...).', { examples: ['https://charts.jetstack.io'] })),
    name: z.string().meta(d('Chart name.', { examples: ['cert-manager'] })),
    version: z.string().meta(d('Pinned chart version.', { examples: ['v1.19.1'] })),
  })
  .strict();

const portSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]{1,15}$/).meta(d('Port name.')),
    port: z.number().int().min(1).max(65535).meta(d('Service port.')),
    targetPort: z.union([z.number().int().min(1).max(65535), z.string()]).optional().meta(d('Container port or name. Default: the port.')),
    protocol: z.enum(['TCP', 'UDP']).optional().meta(d('Protocol.', { default: 'TCP' })),
  })
  .strict();

export const appSchema = z
  .object({
    layer: name.optional().meta(d('Layer (sync group) of the app; layers sync in the order of `gitops.layers`. Default: the last layer.')),
    namespace: name.optional().meta(d('Namespace of the app. Default: the app name.')),
    chart: chartSchema.optional().meta(d('Helm chart; without one the app is only the objects we derive (e.g. a LoadBalancer service).')),
    image: imageSchema.optional().meta(d('Run one container image (instead of a chart or manifests): a Deployment and a Service built with cdk8s-plus, with the app\'s ingress, persistence, gpu and secrets. See "Apps from a container image" in the README.')),
    values: z.record(z.string(), z.unknown()).optional().meta(d('Helm values.')),
    dependsOn: z.array(name).optional().meta(d('Apps that must be ready first.')),
    providesCrds: z.boolean().optional().meta(d('The chart installs CRDs other apps use (synced first). Default: true for the platform charts we know.')),
    loadBalancer: z
      .object({
        address: ipv4.meta(d('Reserved LoadBalancer address, set as spec.loadBalancerIP and as the engine annotation.')),
        ports: z.array(portSchema).min(1).meta(d('Ports of the LoadBalancer service.')),
        selector: z.record(z.string(), z.string()).optional().meta(d('Pod selector. Default: app.kubernetes.io/instance=<app>.')),
      })
      .strict()
      .optional()
      .meta(d('A LoadBalancer service `<app>-lb` with a reserved address.')),
    ingress: z
      .object({
        host: z.string().meta(d('Host name.', { examples: ['plex.kernow.io'] })),
        className: z.string().optional().meta(d('Ingress class.', { default: GITOPS_DEFAULTS.ingressClass })),
        issuer: z.string().optional().meta(d('cert-manager ClusterIssuer for TLS. Default: the cluster issuer when certManager is set.')),
        service: z.string().optional().meta(d('Backend service. Default: the app name.')),
        port: z.union([z.number().int(), z.string()]).optional().meta(d('Backend port.', { default: 'http' })),
        annotations: z.record(z.string(), z.string()).optional().meta(d('Extra ingress annotations (e.g. Homepage dashboard ones).')),
      })
      .strict()
      .optional()
      .meta(d('An Ingress for the app.')),
    persistence: z
      .object({
        size: z.string().regex(/^\d+(Mi|Gi|Ti)$/).meta(d('Size of the volume claim.', { examples: ['10Gi'] })),
        storageClass: z.string().optional().meta(d('Storage class. Default: the cluster default storage class.')),
        mountPath: z.string().regex(/^\/\S*$/, 'must be an absolute path such as /config').optional().meta(d('Image apps only: where the claim is mounted in the container.', { default: '/data' })),
        backup: z
          .object({
            schedule: z.string().optional().meta(d('Cron schedule of the VolSync restic backup.', { default: GITOPS_DEFAULTS.backupSchedule })),
            restore: z.boolean().optional().meta(d('Create a ReplicationDestination to restore from (turn off for apps running as root that own root files).', { default: true })),
          })
          .strict()
          .optional()
          .meta(d('VolSync backup of the claim to the cluster backup repository.')),
      })
      .strict()
      .optional()
      .meta(d('A PersistentVolumeClaim `<app>-data`.')),
    gpu: z
      .union([
        z.number().int().positive(),
        z.object({
          vendor: z.enum(['nvidia', 'intel', 'amd']).meta(d('GPU vendor the app needs.')),
          count: z.number().int().positive().optional().meta(d('GPUs requested.', { default: 1 })),
        }).strict(),
      ])
      .optional()
      .meta(d('GPUs requested: a count of the cluster\'s GPU (one vendor), or `{ vendor, count }` in a cluster with several vendors. The app gets the vendor\'s resource limit (nvidia.com/gpu, gpu.intel.com/i915 or /xe, amd.com/gpu), its node selector, and runtimeClassName nvidia for NVIDIA.')),
    secrets: z
      .array(z.object({ name: name.meta(d('Kubernetes Secret name.')), path: z.string().optional().meta(d('Infisical secretsPath. Default: /<app>.')) }).strict())
      .optional()
      .meta(d('Secrets the app needs; synced from the secret store (never written as values).')),
    manifests: z
      .array(z.string().min(1).regex(/\.ya?ml$/, 'must be a .yaml or .yml file'))
      .min(1)
      .optional()
      .meta(d('YAML files of Kubernetes objects (relative to the project, inside it) copied into the app folder as `manifest-<file name>` and listed in its kustomization.yaml.', { examples: [['manifests/plex-config.yaml']] })),
    kustomize: z
      .object({
        patches: z
          .array(
            z
              .object({
                patch: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).meta(d('Strategic merge patch (a partial object) or JSON 6902 patch (a list of operations, as YAML text).')),
                target: z
                  .object({
                    group: z.string().optional().meta(d('API group, e.g. apps.')),
                    version: z.string().optional().meta(d('API version, e.g. v1.')),
                    kind: z.string().optional().meta(d('Kind, e.g. Deployment.')),
                    name: z.string().optional().meta(d('Object name (a regular expression for kustomize).')),
                    namespace: z.string().optional().meta(d('Namespace.')),
                    labelSelector: z.string().optional().meta(d('Label selector, e.g. app.kubernetes.io/instance=plex.')),
                    annotationSelector: z.string().optional().meta(d('Annotation selector.')),
                  })
                  .strict()
                  .optional()
                  .meta(d('Objects the patch applies to (kustomize selector). Default: the object the patch names.')),
              })
              .strict(),
          )
          .min(1)
          .meta(d('kustomize `patches` of the app folder\'s kustomization.yaml: they apply to the objects of the folder (the derived objects, the manifests, and with Flux the HelmRelease itself), not to what the chart renders (set values for that).')),
      })
      .strict()
      .optional()
      .meta(d('Kustomize overlay of the app folder.')),
    podSecurity: z
      .enum(['privileged', 'baseline', 'restricted'])
      .optional()
      .meta(d('Pod Security level enforced on the app\'s namespace. Default: privileged for host-level charts (MetalLB, node-exporter, Longhorn, Cilium, device plugins, CSI drivers, ...), else the cluster default.')),
  })
  .strict();

export const gitopsSchema = z
  .object({
    engine: z.enum(['flux', 'argocd']).meta(d('GitOps engine.')),
    managedBy: name
      .optional()
      .meta(d('Argo CD only: another cluster whose Argo CD deploys this cluster (its Applications target this cluster\'s API endpoint, names prefixed with this cluster). Default: Argo CD runs in this cluster.')),
    repo: z
      .object({
        url: z.string().meta(d('Git URL the engine pulls.', { examples: ['https://github.com/me/homelab.git'] })),
        branch: z.string().optional().meta(d('Branch.', { default: 'main' })),
        secretRef: name.optional().meta(d('Secret with the SSH key or token for the repository (needed for ssh:// URLs): Flux reads it from flux-system (GitRepository secretRef), Argo CD from argocd as repository credentials (label argocd.argoproj.io/secret-type=repository); synth prints the command that creates it.')),
      })
      .strict()
      .meta(d('The Git repository that holds the generated tree.')),
    fluxVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, 'a Flux release such as v2.9.4')
      .optional()
      .meta(d('Flux only: the Flux release whose components the bootstrap exports into `<path>/flux/flux-system/gotk-components.yaml` (`flux install --version=<v> --export`); Flux then manages its own upgrades.', { default: FLUX_VERSION })),
    path: z.string().optional().meta(d('Folder of the tree in the repository (and on disk, relative to the project). Default: gitops/<cluster>.')),
    layers: z.array(name).min(1).optional().meta(d('Ordered layers: each syncs after the previous one is ready.', { default: GITOPS_DEFAULTS.layers })),
    platformLayer: name.optional().meta(d('Layer of the platform apps we derive (load balancer, storage, cert-manager, GPU plugin). Default: `platform` when listed, else the first layer.')),
    interval: z.string().optional().meta(d('Reconcile interval.', { default: GITOPS_DEFAULTS.interval })),
    variables: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string()).optional().meta(d('Non-secret variables substituted as ${NAME} (Flux postBuild from the cluster-config ConfigMap).')),
    secrets: z
      .discriminatedUnion('provider', [
        z
          .object({
            provider: z.literal('infisical'),
            hostApi: z.string().optional().meta(d('Infisical API.', { default: 'https://app.infisical.com/api' })),
            projectSlug: z.string().meta(d('Infisical project slug.')),
            envSlug: z.string().meta(d('Infisical environment slug.', { examples: ['prod'] })),
            credentialsSecret: z
              .object({ name: z.string(), namespace: z.string() })
              .strict()
              .optional()
              .meta(d('Universal-auth credentials secret.', { default: { name: 'universal-auth-credentials', namespace: 'infisical-operator-system' } })),
          })
          .strict(),
        z
          .object({
            provider: z.literal('sops'),
            ageRecipients: z.array(z.string().regex(/^age1[0-9a-z]+$/)).min(1).meta(d('age public keys that can decrypt.')),
          })
          .strict(),
      ])
      .optional()
      .meta(d('Where secrets come from: Infisical (InfisicalSecret per app) or SOPS-encrypted files in Git.')),
  })
  .strict();

export const loadBalancerSchema = z
  .object({
    engine: z.enum(['metallb', 'cilium']).meta(d('LoadBalancer implementation.')),
    pools: z
      .array(
        z
          .object({
            name: name.meta(d('Pool name.')),
            addresses: z.array(addressRange).min(1).meta(d('Ranges or CIDRs.', { examples: [['10.10.2.240-10.10.2.254']] })),
            reservedOnly: z.boolean().optional().meta(d('Only services that ask for one of its addresses get one (no automatic assignment).', { default: false })),
          })
          .strict(),
      )
      .min(1)
      .meta(d('Address pools (layer 2).')),
  })
  .strict();

export const storageSchema = z
  .object({
    longhorn: z
      .object({ replicas: z.number().int().min(1).max(3).optional().meta(d('Replica count. Default: min(3, nodes).')), backupTarget: z.string().optional() })
      .strict()
      .optional()
      .meta(d('Longhorn (adds the iscsi-tools and util-linux-tools extensions to the Talos image).')),
    mayastor: z
      .object({
        replicas: z.number().int().min(1).max(3).optional().meta(d('Replica count of the storage class.', { default: 3 })),
        network: cidr.optional().meta(d('Network the replicas use (io-engine NVMe-oF target subnet).')),
      })
      .strict()
      .optional()
      .meta(d('OpenEBS Mayastor: a DiskPool per worker disk with purpose mayastor.')),
    nfs: z
      .object({ server: ipv4, share: z.string(), storageClass: name.optional().meta(d('Storage class name.', { default: 'nfs' })) })
      .strict()
      .optional()
      .meta(d('NFS CSI storage class pointing at the NAS.')),
    openebsHostpath: z.object({ basePath: z.string().optional() }).strict().optional().meta(d('OpenEBS local hostpath storage class.')),
    default: z.enum(['longhorn', 'mayastor', 'nfs', 'openebs-hostpath']).optional().meta(d('Default storage class.')),
  })
  .strict();

export const certManagerSchema = z
  .object({
    email: z.string().meta(d('ACME account e-mail.')),
    dnsZones: z.array(z.string()).min(1).meta(d('DNS zones solved with Cloudflare DNS-01.', { examples: [['kernow.io']] })),
    cloudflareTokenSecret: z.string().optional().meta(d('Secret (in cert-manager namespace) holding the Cloudflare API token under key api-token.', { default: 'cloudflare-api-token' })),
    staging: z.boolean().optional().meta(d('Use the Let\'s Encrypt staging server.', { default: false })),
  })
  .strict();

export type AppInput = z.infer<typeof appSchema>;
export type GitopsInput = z.infer<typeof gitopsSchema>;
export { name as appNameSchema };

/** The fields of a cluster (Talos or K3s) that describe what runs on it. */
export const gitopsFields = {
  gitops: gitopsSchema.optional().meta(d('GitOps engine and repository; `homelab synth` writes the tree the engine deploys.')),
  apps: z.record(name, appSchema).optional().meta(d('Apps by name (the HelmRelease / Application name).')),
  loadBalancer: loadBalancerSchema.optional().meta(d('LoadBalancer address pools (MetalLB or Cilium L2).')),
  storage: storageSchema.optional().meta(d('Storage the cluster provides.')),
  certManager: certManagerSchema.optional().meta(d("cert-manager with a Let's Encrypt DNS-01 (Cloudflare) ClusterIssuer.")),
};
