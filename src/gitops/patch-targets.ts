/**
 * Checks `apps.<name>.kustomize.patches` against the objects of the app folder they are written to, as kustomize
 * (v5.5.0, embedded in kubectl 1.32) matches them when it builds the folder:
 * - a strategic merge patch without `target` must name an object of the folder (kind, name, and namespace
 *   when given), else the build fails: "no resource matches strategic merge patch" — an error;
 * - a JSON 6902 patch (a list of operations) needs a `target`: "must specify a target for JSON patch" — an error;
 * - a `target` that selects nothing is silently skipped — a warning (selectors by label or annotation are
 *   not checked). `target.name` and `target.namespace` are anchored regular expressions in kustomize.
 * Objects the chart renders are not in the folder: patches never reach them.
 */
import { parse } from 'yaml';
import type { ProfileProblem } from '../errors';
import type { App, KustomizePatch } from '../model/gitops-types';
import type { TreeFolder } from './write-tree';

type Obj = Readonly<Record<string, any>>;

const anchored = (pattern: string, value: string | undefined) => {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value ?? '');
  } catch {
    return pattern === value;
  }
};

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const versionOf = (apiVersion: string) => apiVersion.split('/').at(-1)!;

function selects(target: NonNullable<KustomizePatch['target']>, o: Obj): boolean {
  const checks: [string | undefined, string | undefined, boolean][] = [
    [target.group, groupOf(o.apiVersion), false],
    [target.version, versionOf(o.apiVersion), false],
    [target.kind, o.kind, false],
    [target.name, o.metadata?.name, true],
    [target.namespace, o.metadata?.namespace, true],
  ];
  return checks.every(([want, got, regex]) => want === undefined || (regex ? anchored(want, got) : want === got));
}

/** A patch as data: an object (strategic merge), a list (JSON 6902), or undefined when unreadable. */
function bodyOf(patch: KustomizePatch['patch']): unknown {
  if (typeof patch !== 'string') return patch;
  try {
    return parse(patch);
  } catch {
    return undefined;
  }
}

/** The object a strategic merge patch names, or undefined when it names none. */
function namedBy(body: unknown): Obj | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const o = body as Obj;
  return typeof o.kind === 'string' && typeof o.metadata?.name === 'string' ? o : undefined;
}

const describe = (o: Obj) => `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;

/** Problems (build failures) and warnings (patches that do nothing) of an app's patches in its folder. */
export function patchProblems(app: App, folder: TreeFolder): { problems: ProfileProblem[]; warnings: string[] } {
  const objects: Obj[] = [...folder.objects, ...(folder.manifests ?? []).flatMap((m) => m.objects)];
  const problems: ProfileProblem[] = [];
  const warnings: string[] = [];
  const fix = 'patch an object of the app folder (its manifests or the objects we derive); change what the chart renders through values';
  (app.patches ?? []).forEach((p, i) => {
    const path = `${app.path}.kustomize.patches[${i}]`;
    if (p.target) {
      const labelled = p.target.labelSelector !== undefined || p.target.annotationSelector !== undefined;
      if (!labelled && !objects.some((o) => selects(p.target!, o))) warnings.push(`${path}: the target selects no object of ${folder.folder}, so the patch does nothing; ${fix}`);
      return;
    }
    const body = bodyOf(p.patch);
    if (Array.isArray(body)) {
      problems.push({ path, message: 'a JSON 6902 patch (a list of operations) without target: kustomize fails ("must specify a target for JSON patch")', fix: 'add target: { kind, name } of the object to patch' });
      return;
    }
    const named = namedBy(body);
    if (!named) return;
    const match = objects.some((o) => o.kind === named.kind && o.metadata?.name === named.metadata.name && (named.metadata.namespace === undefined || o.metadata?.namespace === named.metadata.namespace));
    if (!match) problems.push({ path, message: `the patch names ${describe(named)}, which ${folder.folder} does not hold: kustomize fails to build the folder ("no resource matches strategic merge patch")`, fix });
  });
  return { problems, warnings };
}
