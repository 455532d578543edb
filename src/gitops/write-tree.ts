/**
 * Writes GitOps charts as a tree of plain YAML: one object per file (`<kind>.yaml`, or `<kind>-<name>.yaml`
 * when a folder holds several of a kind), a `kustomization.yaml` per folder, keys in a stable order and a
 * `yaml-language-server` schema header on each object file.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { writeOrReuse } from '../synth/reuse-file';
import { dirname, join } from 'node:path';
import type { AppManifest, KustomizePatch } from '../model/gitops-types';
import { toYamlText } from './yaml-emit';

export interface TreeFolder {
  /** Folder relative to the project. */
  readonly folder: string;
  readonly objects: readonly Record<string, any>[];
  /** Further kustomization resources (e.g. `./app/ks.yaml`). */
  readonly extraResources: readonly string[];
  /** Files the user owns in this folder that the kustomization lists when they exist (SOPS secrets). */
  readonly optionalResources?: readonly string[];
  /** File name of a single-object folder. @default - `<kind>.yaml` */
  readonly fileName?: string;
  /** One multi-document file holding all the folder's objects. @default - one file per object */
  readonly bundleFile?: string;
  /** Write kustomization.yaml even without resources. @default false */
  readonly keepEmpty?: boolean;
  /** Files of the profile's project copied in (`apps.<name>.manifests`), listed as resources. @default - none */
  readonly manifests?: readonly AppManifest[];
  /** The kustomization's `patches` (`apps.<name>.kustomize.patches`). @default - none */
  readonly patches?: readonly KustomizePatch[];
}

/** Puts apiVersion, kind, metadata first, then every map's keys in sorted order. */
export function orderKeys(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => orderKeys(v, false));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  const first = top ? ['apiVersion', 'kind', 'metadata'] : [];
  const head = first.filter((k) => k in (value as object)).map((k) => [k, (value as Record<string, unknown>)[k]] as const);
  const rest = entries.filter(([k]) => !first.includes(k));
  return Object.fromEntries([...head, ...rest].map(([k, v]) => [k, orderKeys(v, false)]));
}

/** JSON Schema URL for editors: upstream Kubernetes schemas for core kinds, the CRDs catalog for the rest. */
export function schemaUrl(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const k = kind.toLowerCase();
  if (!group || group.endsWith('.k8s.io') || ['apps', 'batch', 'policy', 'autoscaling'].includes(group!)) {
    const suffix = group && !group.endsWith('.k8s.io') ? `-${group}` : group ? `-${group!.split('.')[0]}` : '';
    return `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v1.33.0-standalone-strict/${k}${suffix}-${version}.json`;
  }
  return `https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/${group}/${k}_${version}.json`;
}

/** File names of a folder's objects, in object order. */
export function fileNames(objects: readonly Record<string, any>[]): string[] {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return objects.map((o) => {
    // A Flux Kustomization is `ks.yaml`: `kustomization.yaml` is kustomize's own file.
    const kind = o.kind === 'Kustomization' ? 'ks' : String(o.kind).toLowerCase();
    return counts.get(o.kind)! > 1 ? `${kind}-${o.metadata.name}.yaml` : `${kind}.yaml`;
  });
}

/** The file (relative to the folder) each object of a folder is written to, in object order. */
export function folderFileNames(f: TreeFolder): string[] {
  if (f.bundleFile) return f.objects.map(() => f.bundleFile!);
  return f.fileName && f.objects.length === 1 ? [f.fileName] : fileNames(f.objects);
}

/** Renders the files of a folder: path relative to the folder -> content. */
export function renderFolder(f: TreeFolder, existing: (file: string) => boolean): Map<string, string> {
  const files = new Map<string, string>();
  if (f.bundleFile && f.objects.length) {
    // A multi-document file: the editor schema comment would apply to the first document only.
    files.set(f.bundleFile, f.objects.map((o) => toYamlText(orderKeys(o))).join('---\n'));
  } else {
    const names = folderFileNames(f);
    f.objects.forEach((o, i) => {
      files.set(names[i]!, `# yaml-language-server: $schema=${schemaUrl(o.apiVersion, o.kind)}\n${toYamlText(orderKeys(o))}`);
    });
  }
  for (const m of f.manifests ?? []) files.set(m.file, manifestText(m));
  const optional = (f.optionalResources ?? []).filter((r) => existing(join(f.folder, r)));
  const resources = [...[...files.keys()].sort(), ...optional.sort(), ...f.extraResources];
  // kustomize reads `patch` as a string (api/types/patch.go): a patch given as an object is written as YAML text.
  const patches = f.patches?.length ? { patches: f.patches.map((p) => ({ ...p, patch: typeof p.patch === 'string' ? p.patch : toYamlText(orderKeys(p.patch)) })) } : {};
  if (resources.length || f.keepEmpty) {
    files.set('kustomization.yaml', toYamlText({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources, ...patches }));
  }
  return files;
}

/** A copied manifest: every object of the source file, keys in the tree's order, one document each. */
function manifestText(m: AppManifest): string {
  const docs = m.objects.map((o) => toYamlText(orderKeys(o)));
  return `# copied by homelab synth from ${m.source} (edit that file, not this one)\n${docs.join('---\n')}`;
}

/**
 * Writes folders under `stagedRoot` (which stands for `root`, the project-relative prefix of every folder).
 * With `currentRoot` (the tree as it is now), a file whose text is already there is hard-linked into the staging
 * instead of written again (src/synth/reuse-file.ts).
 */
export function writeTree(folders: readonly TreeFolder[], root: string, stagedRoot: string, existing: (file: string) => boolean, currentRoot?: string): number {
  let count = 0;
  const made = new Set<string>();
  for (const f of [...folders].sort((a, b) => a.folder.localeCompare(b.folder))) {
    const rel = f.folder === root ? '' : f.folder.slice(root.length + 1);
    for (const [name, text] of renderFolder(f, existing)) {
      const file = join(stagedRoot, rel, name);
      const dir = dirname(file);
      if (!made.has(dir)) (mkdirSync(dir, { recursive: true }), made.add(dir));
      writeOrReuse(file, text, currentRoot === undefined ? undefined : join(currentRoot, rel, name));
      count++;
    }
  }
  return count;
}

export const fileExists = (projectDir: string) => (file: string) => existsSync(join(projectDir, file));
