/**
 * `apps.<name>.manifests`: YAML files of the project whose objects the app folder of the GitOps tree
 * carries. Paths are relative to the project directory and follow the rules of `include` (src/schema/include.ts):
 * inside the project after following symbolic links, regular files. Read once by the loader, so synth, diff
 * and validate see the same objects.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ProfileError, type ProfileProblem } from '../errors';
import type { App, AppManifest, GitOps } from './gitops-types';
import { kubeClusters } from './kube-clusters';
import type { Lab } from './types';

/** File name of a manifest in the app folder: `manifest-<base name>.yaml` (never one of our own file names). */
export function manifestFileName(source: string): string {
  return `manifest-${basename(source).replace(/\.ya?ml$/, '')}.yaml`;
}

/** The manifests of an app as written in the profile (objects not read yet). */
export function manifestRefs(sources: readonly string[], appPath: string): AppManifest[] {
  return sources.map((source, i) => ({ source, field: `${appPath}.manifests[${i}]`, file: manifestFileName(source), objects: [] }));
}

const within = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : `${parent}${sep}`);

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a document is not a Kubernetes object we can copy, or undefined when it is one. */
function notAnObject(doc: unknown): string | undefined {
  if (!isPlain(doc)) return 'is not a mapping';
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion) return 'has no apiVersion';
  if (typeof doc.kind !== 'string' || !doc.kind) return 'has no kind';
  if (doc.apiVersion.startsWith('kustomize.config.k8s.io/')) return 'is a kustomization, not an object (list its resources instead)';
  // sops' MAC covers the values in document order: a re-emitted copy (keys sorted) would no longer decrypt.
  if ('sops' in doc) return 'is encrypted with sops; copies are re-emitted and would no longer decrypt (with sops secrets, declare it in apps.<name>.secrets and keep it in the app folder as secret-<name>.sops.yaml)';
  if (doc.kind.endsWith('List')) return `is a ${doc.kind} (write its items as separate documents)`;
  const meta = doc.metadata;
  if (!isPlain(meta) || typeof meta.name !== 'string' || !meta.name) return 'has no metadata.name';
  return undefined;
}

/**
 * Namespaced built-in kinds: without metadata.namespace they get the app's namespace, as Argo CD does with
 * the Application's destination namespace. Flux's kustomize-controller sets no namespace (the app's
 * Kustomization has no targetNamespace) and refuses the whole apply: "<Kind>/<name> namespace not specified"
 * (fluxcd/pkg ssa/errors/errors.go DryRunErr.Error and TestApply_MissingNamespaceErr, tag ssa/v0.77.0).
 * Other kinds are left as written (see `unplacedObjects`).
 */
const NAMESPACED_KINDS = new Set([
  'ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob',
  'PersistentVolumeClaim', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Role', 'RoleBinding',
  'Endpoints', 'EndpointSlice', 'LimitRange', 'ResourceQuota',
]);

function inNamespace(o: Plain, namespace: string): Plain {
  const meta = o.metadata as Plain;
  if (meta.namespace !== undefined || !NAMESPACED_KINDS.has(o.kind as string)) return o;
  return { ...o, metadata: { ...meta, namespace } };
}

/** Kinds that are cluster-scoped (no namespace): Kubernetes built-ins, and by convention `Cluster*` kinds. */
const CLUSTER_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'PriorityClass', 'RuntimeClass',
  'IngressClass', 'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'VolumeSnapshotClass', 'GatewayClass',
]);

/**
 * Objects of an app's manifests that have no namespace and whose kind may be namespaced (a custom resource):
 * Flux refuses the app's whole Kustomization when one is (see NAMESPACED_KINDS). `<file>: <Kind>/<name>`.
 */
export function unplacedObjects(app: App): string[] {
  return (app.manifests ?? []).flatMap((m) => m.objects
    .filter((o) => (o.metadata as Plain).namespace === undefined && !CLUSTER_KINDS.has(o.kind as string) && !String(o.kind).startsWith('Cluster'))
    .map((o) => `${m.source}: ${String(o.kind)}/${String((o.metadata as Plain).name)}`));
}

/** Reads one manifest file; problems are pushed to `problems` with the field, the file and the fix. */
function readManifest(m: AppManifest, namespace: string, projectDir: string, problems: ProfileProblem[]): AppManifest {
  const add = (message: string, fix: string) => problems.push({ path: m.field, message, fix });
  if (isAbsolute(m.source)) {
    add(`"${m.source}" is absolute; manifests are read relative to the project directory ${projectDir}`, `use a path inside the project, e.g. manifests/${basename(m.source)}`);
    return m;
  }
  const path = resolve(projectDir, m.source);
  const rel = relative(projectDir, path);
  if (rel === '..' || rel.startsWith(`..${sep}`)) {
    add(`"${m.source}" leaves the project directory ${projectDir} (..)`, 'keep manifests inside the project (copy the file in)');
    return m;
  }
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    add(`${m.source} does not exist (looked for ${path})`, 'create the file, or fix the path (relative to the project directory)');
    return m;
  }
  if (!within(real, realpathSync(projectDir))) {
    add(`"${m.source}" resolves to ${real}, outside the project ${projectDir}`, 'keep manifests inside the project (copy the file in)');
    return m;
  }
  if (!statSync(real).isFile()) {
    add(`${m.source} is not a regular file`, 'list YAML files, one per entry');
    return m;
  }
  const objects: Plain[] = [];
  parseAllDocuments(readFileSync(real, 'utf8')).forEach((doc, i) => {
    if (doc.errors.length > 0) return add(`${m.source}: document ${i + 1} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`, 'fix the YAML');
    const body = doc.toJS() as unknown;
    if (body === null || body === undefined) return; // an empty document (a leading or trailing ---)
    const why = notAnObject(body);
    if (why) return add(`${m.source}: document ${i + 1} ${why}`, 'each document must be a Kubernetes object with apiVersion, kind and metadata.name');
    objects.push(inNamespace(body as Plain, namespace));
  });
  if (objects.length === 0 && !problems.some((p) => p.path === m.field)) add(`${m.source} holds no objects`, 'add Kubernetes objects to it, or remove the entry');
  return { ...m, objects };
}

function withManifests(g: GitOps, projectDir: string, problems: ProfileProblem[]): GitOps {
  if (!g.apps.some((a) => a.manifests?.length)) return g;
  const apps = g.apps.map((a): App => {
    if (!a.manifests?.length) return a;
    const seen = new Map<string, string>();
    for (const m of a.manifests) {
      const other = seen.get(m.file);
      if (other) problems.push({ path: m.field, message: `${m.source} and ${other} would both be ${m.file} in the app folder`, fix: 'rename one of the files' });
      seen.set(m.file, m.source);
    }
    return { ...a, manifests: a.manifests.map((m) => readManifest(m, a.namespace, projectDir, problems)) };
  });
  return { ...g, apps };
}

/**
 * The lab with the objects of every app's manifests read from `projectDir`. Throws ProfileError naming each
 * field whose file is missing, outside the project or not Kubernetes objects.
 */
export function readAppManifests(lab: Lab, projectDir: string): Lab {
  if (!kubeClusters(lab).some((c) => c.gitops?.apps.some((a) => a.manifests?.length))) return lab;
  const problems: ProfileProblem[] = [];
  const dir = resolve(projectDir);
  const fill = <C extends { readonly gitops?: GitOps }>(c: C): C => (c.gitops ? { ...c, gitops: withManifests(c.gitops, dir, problems) } : c);
  const out = { ...lab, clusters: lab.clusters.map(fill), k3sClusters: lab.k3sClusters.map(fill) };
  if (problems.length) throw new ProfileError(problems);
  return out;
}
