/**
 * The Kubernetes objects of a cluster's GitOps tree, keyed `apiVersion/kind/namespace/name` (cluster-scoped
 * objects without the namespace), each with the project-relative file it is written to. Rendered in memory
 * from the model (cdk8s is imported only when needed), or read back from a tree `homelab synth` wrote.
 */
import { readManifest } from '../synth/ownership';
import { kubeClusters } from '../model/kube-clusters';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fastParseAllDocuments } from '../schema/fast-yaml';
import type { GitOps } from '../model/gitops-types';
import type { Lab } from '../model/types';
import { clean } from './values';
import { keepGitopsFiles } from '../synth/write-atomic';

export interface K8sEntry {
  readonly key: string;
  /** Project-relative file, e.g. `gitops/main/apps/plex/app/service.yaml`. */
  readonly file: string;
  readonly body: Record<string, any>;
}

/** A cluster's objects by key; `crdProviders` names the apps that install CRDs (HelmRelease/Application names). */
export interface K8sSide {
  readonly objects: ReadonlyMap<string, K8sEntry>;
  readonly crdProviders: ReadonlySet<string>;
}

export function objectKey(o: Record<string, any>): string {
  const m = o.metadata ?? {};
  return [o.apiVersion, o.kind, m.namespace, m.name].filter((p) => p !== undefined && p !== '').join('/');
}

function byKey(entries: readonly { file: string; body: unknown }[]): Map<string, K8sEntry> {
  const out = new Map<string, K8sEntry>();
  for (const e of entries) {
    const body = clean(e.body) as Record<string, any>;
    const key = objectKey(body);
    out.set(out.has(key) ? `${key} (${e.file})` : key, { key, file: e.file, body });
  }
  return out;
}

const providersOf = (g: GitOps) => new Set(g.apps.filter((a) => a.providesCrds).map((a) => a.name));

/** Every cluster with a gitops section, rendered in memory (what `homelab synth` would write). */
export async function renderedSides(lab: Lab): Promise<Map<string, K8sSide>> {
  const out = new Map<string, K8sSide>();
  const clusters = kubeClusters(lab).filter((c) => c.gitops);
  if (clusters.length === 0) return out;
  const [{ gitopsFolders }, { folderFileNames }] = await Promise.all([import('../gitops/synth-gitops'), import('../gitops/write-tree')]);
  for (const c of clusters) {
    const folders = gitopsFolders(c.gitops!);
    const entries = folders.flatMap((f) => {
      const names = folderFileNames(f);
      const copied = (f.manifests ?? []).flatMap((m) => m.objects.map((body) => ({ file: `${f.folder}/${m.file}`, body })));
      return [...f.objects.map((body, i) => ({ file: `${f.folder}/${names[i]}`, body })), ...copied];
    });
    out.set(c.name, { objects: byKey(entries), crdProviders: providersOf(c.gitops!) });
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  // Synth's own files: those its ownership manifest lists (the user's files kept in the tree are not synth's
  // objects); a tree without a manifest (older output): every YAML file but the SOPS secrets and Flux components.
  const listed = readManifest(dir)?.files;
  const files = listed ? [...listed].filter((f) => !f.split('/').includes('..')) : readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split('\\').join('/'));
  return files.filter((f) => /\.ya?ml$/.test(f) && !keepGitopsFiles(f)).sort();
}

/**
 * The objects of a tree on disk (`<projectDir>/<path>`), skipping kustomize's own `kustomization.yaml` and
 * SOPS files. Undefined when the folder does not exist.
 */
export function readTree(projectDir: string, path: string): Map<string, K8sEntry> | undefined {
  const dir = join(projectDir, path);
  if (!existsSync(dir)) return undefined;
  const entries: { file: string; body: unknown }[] = [];
  for (const f of yamlFiles(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    // synth writes plain block YAML: the fast reader reads it; anything else goes through `yaml`.
    for (const body of (fastParseAllDocuments(text) ?? parseAllDocuments(text).map((d) => d.toJS())) as (Record<string, any> | null)[]) {
      if (!body?.kind || !body.apiVersion || String(body.apiVersion).startsWith('kustomize.config.k8s.io/')) continue;
      entries.push({ file: relative(projectDir, join(dir, f)).split('\\').join('/'), body });
    }
  }
  return byKey(entries);
}
