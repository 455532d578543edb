/**
 * Every path synth (or `terraform apply`) writes to, and the checks that keep them inside the project:
 * a path must not leave the project (`..`, an absolute path where none is documented, a symlink out),
 * must not be the project root nor contain the profile, and outputs must not overlap. The lexical part
 * runs as validate rules (HL-PATH-001..003) on the lab alone; `projectPathFindings` adds what needs the
 * disk (symlinks, the profile's files, `--out`, `--inventory`). Synth runs both before it writes anything.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { kubeClusters } from '../model/kube-clusters';
import type { Lab } from '../model/types';
import type { Finding } from '../validate/finding';

export const PATH_RULE_IDS = { outside: 'HL-PATH-001', root: 'HL-PATH-002', overlap: 'HL-PATH-003' } as const;

/** One output path: a profile field (or a command-line option) and what is written there. */
export interface OutputPath {
  /** Profile field path (`clusters.main.gitops.path`) or option (`--out`). */
  readonly field: string;
  /** The value as written (relative to the project, or absolute). */
  readonly value: string;
  /** A folder synth replaces as a whole, or one file. */
  readonly kind: 'tree' | 'file';
  /** Absolute paths are documented for this field (they are the user's explicit choice). */
  readonly absoluteAllowed: boolean;
  /** For messages: `the GitOps tree of cluster "main"`. */
  readonly what: string;
}

/** The output paths a profile declares (GitOps trees, kubeconfig and talosconfig files). */
export function profileOutputPaths(lab: Lab): OutputPath[] {
  const out: OutputPath[] = [];
  for (const c of kubeClusters(lab)) {
    if (c.gitops) out.push({ field: `${c.path}.gitops.path`, value: c.gitops.path, kind: 'tree', absoluteAllowed: false, what: `the GitOps tree of cluster "${c.name}"` });
  }
  for (const c of lab.clusters) {
    out.push({ field: `${c.path}.kubeconfigPath`, value: c.kubeconfigPath, kind: 'file', absoluteAllowed: true, what: `the kubeconfig of cluster "${c.name}"` });
    out.push({ field: `${c.path}.talosconfigPath`, value: c.talosconfigPath, kind: 'file', absoluteAllowed: true, what: `the talosconfig of cluster "${c.name}"` });
  }
  for (const c of lab.k3sClusters) {
    out.push({ field: `${c.path}.kubeconfigPath`, value: c.kubeconfigPath, kind: 'file', absoluteAllowed: true, what: `the kubeconfig of cluster "${c.name}"` });
  }
  return out;
}

/** A finding without file/line (the caller locates it). */
type PathFinding = Omit<Finding, 'file' | 'line' | 'column'>;

const finding = (id: string, p: OutputPath, message: string, fix: string): PathFinding => ({ id, severity: 'error', path: p.field, message, fix });

/** The project-relative form of a relative value, with forward slashes (`''` for the root). */
export function lexicalRelative(value: string): string {
  const n = normalize(value.trim() === '' ? '.' : value).split(sep).join('/').replace(/\/+$/, '');
  return n === '.' ? '' : n;
}

const escapes = (rel: string) => rel === '..' || rel.startsWith('../');

/** HL-PATH-001 on the value alone: `..` out of the project, or absolute where that is not documented. */
export function outsideLexically(p: OutputPath): PathFinding | undefined {
  if (isAbsolute(p.value)) {
    if (p.absoluteAllowed) return undefined;
    return finding(PATH_RULE_IDS.outside, p, `"${p.value}" is absolute; ${p.what} must be inside the project`, `use a path relative to the project directory, e.g. ${relativeExample(p)}`);
  }
  if (!escapes(lexicalRelative(p.value))) return undefined;
  return finding(PATH_RULE_IDS.outside, p, `"${p.value}" leaves the project directory (..); ${p.what} must be inside it`, `use a path inside the project, e.g. ${relativeExample(p)}`);
}

/** HL-PATH-002 on the value alone: the project root itself (`""`, `.`, `a/..`). */
export function rootLexically(p: OutputPath): PathFinding | undefined {
  if (isAbsolute(p.value) || lexicalRelative(p.value) !== '') return undefined;
  return finding(PATH_RULE_IDS.root, p, `"${p.value}" is the project directory itself; ${p.what} would replace the whole project`, `use a folder of its own, e.g. ${relativeExample(p)}`);
}

function relativeExample(p: OutputPath): string {
  if (p.field === '--out') return 'cdktf.out';
  if (p.field === '--inventory') return 'docs/inventory.md';
  const cluster = /^clusters\.([^.]+)\./.exec(p.field)?.[1] ?? 'main';
  if (p.kind === 'tree') return `gitops/${cluster}`;
  return `generated/${cluster}/${p.field.endsWith('talosconfigPath') ? 'talosconfig' : 'kubeconfig'}`;
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

/** HL-PATH-003: two outputs that overlap (equal, or one inside a tree of the other). */
export function overlaps(paths: readonly OutputPath[], resolveIt: (p: OutputPath) => string | undefined): PathFinding[] {
  const out: PathFinding[] = [];
  const items = paths.map((p) => ({ p, abs: resolveIt(p) })).filter((x): x is { p: OutputPath; abs: string } => x.abs !== undefined);
  items.forEach((a, i) => {
    for (const b of items.slice(0, i)) {
      const clash = a.abs === b.abs || (b.p.kind === 'tree' && inside(a.abs, b.abs)) || (a.p.kind === 'tree' && inside(b.abs, a.abs));
      if (!clash) continue;
      const how = a.abs === b.abs ? 'is the same path as' : inside(a.abs, b.abs) ? 'is inside' : 'contains';
      out.push(finding(PATH_RULE_IDS.overlap, a.p, `"${a.p.value}" (${a.p.what}) ${how} "${b.p.value}" (${b.p.what} at ${b.p.field}); one would overwrite or delete the other`, `give ${a.p.field} a path outside ${b.p.field}`));
    }
  });
  return out;
}

/** Lexical overlap of the profile's own paths (relative ones, project-relative). */
export function overlapsLexically(paths: readonly OutputPath[]): PathFinding[] {
  return overlaps(paths, (p) => (isAbsolute(p.value) ? normalize(p.value) : `/project/${lexicalRelative(p.value)}`));
}

export interface ProjectContext {
  /** Absolute project directory. */
  readonly projectDir: string;
  /** Absolute paths of the profile's files (root and includes); none for a profile object. */
  readonly profileFiles: readonly string[];
  /** Absolute `--out` directory. @default - not checked */
  readonly outDir?: string;
  /** Absolute inventory file. @default - not checked */
  readonly inventory?: string;
  /** Absolute folder of the local state files (`--state-dir`). @default - not checked */
  readonly stateDir?: string;
}

/** The real path of `p`: symlinks of its nearest existing ancestor resolved. */
export function realPathOf(p: string): string {
  let existing = p;
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(existing.slice(dirname(existing).length).replace(/^[/\\]/, ''));
    existing = dirname(existing);
  }
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    /* unreadable: keep the lexical path */
  }
  return join(real, ...rest);
}

/** What needs the disk: symlinks out of the project, the profile inside a tree, and `--out` / `--inventory`. */
export function projectPathFindings(lab: Lab | undefined, ctx: ProjectContext): PathFinding[] {
  const project = realPathOf(resolve(ctx.projectDir));
  // Without a lab (one written in code, not built yet): the command-line paths only.
  const profile = lab ? profileOutputPaths(lab) : [];
  const cli: OutputPath[] = [];
  if (ctx.outDir !== undefined) cli.push({ field: '--out', value: ctx.outDir, kind: 'tree', absoluteAllowed: true, what: 'the Terraform output (--out)' });
  if (ctx.inventory !== undefined) cli.push({ field: '--inventory', value: ctx.inventory, kind: 'file', absoluteAllowed: true, what: 'the inventory (--inventory)' });
  const abs = (p: OutputPath) => realPathOf(resolve(ctx.projectDir, p.value));
  const profileFiles = ctx.profileFiles.map((f) => realPathOf(resolve(f)));
  const out: PathFinding[] = [];
  for (const p of [...profile, ...cli]) {
    const isCli = cli.includes(p);
    // The profile's lexical problems are reported by the rules; only check what they cannot see.
    if (!isCli && (outsideLexically(p) || rootLexically(p))) continue;
    if (isAbsolute(p.value) && p.absoluteAllowed && !isCli) continue;
    const target = abs(p);
    if (!inside(target, project)) {
      out.push(finding(PATH_RULE_IDS.outside, p, `"${p.value}" resolves to ${target}, outside the project ${project}${isCli ? '' : ' (through a symbolic link)'}`, isCli ? `choose a path inside the project, or pass --project with the directory that holds it` : `use a path inside the project, e.g. ${relativeExample(p)}`));
      continue;
    }
    if (target === project) {
      out.push(finding(PATH_RULE_IDS.root, p, `"${p.value}" is the project directory itself; ${p.what} would replace the whole project`, `use a folder of its own, e.g. ${relativeExample(p)}`));
      continue;
    }
    const holds = p.kind === 'tree' ? profileFiles.find((f) => inside(f, target)) : profileFiles.find((f) => f === target);
    if (holds) {
      out.push(finding(PATH_RULE_IDS.root, p, `"${p.value}" ${p.kind === 'tree' ? 'contains' : 'is'} the profile file ${relative(project, holds) || holds}; synth would ${p.kind === 'tree' ? 'replace' : 'overwrite'} it`, `use a folder that holds no profile, e.g. ${relativeExample(p)}`));
    }
  }
  if (ctx.stateDir !== undefined) out.push(...stateDirFindings(ctx.stateDir, project, [...cli.filter((c) => c.kind === 'tree'), ...profile.filter((p) => p.kind === 'tree')], abs));
  if (cli.length) {
    // Command-line outputs first, so a clash with a profile field is reported at the field.
    const all = [...cli, ...profile.filter((p) => !outsideLexically(p) && !rootLexically(p))];
    const pairs = overlaps(all, abs);
    out.push(...pairs.filter((f) => cli.some((c) => f.path === c.field || f.message.includes(`at ${c.field})`))));
  }
  return out;
}

/**
 * `--state-dir` holds Terraform's state: inside the project, and never inside a tree synth replaces (`--out`, a
 * GitOps tree), where `--prune` would remove the state as a file synth did not write.
 */
function stateDirFindings(stateDir: string, project: string, trees: readonly OutputPath[], abs: (p: OutputPath) => string): PathFinding[] {
  const field: OutputPath = { field: '--state-dir', value: stateDir, kind: 'tree', absoluteAllowed: true, what: 'the Terraform state (--state-dir)' };
  const target = realPathOf(stateDir);
  if (!inside(target, project)) {
    return [finding(PATH_RULE_IDS.outside, field, `"${stateDir}" resolves to ${target}, outside the project ${project}`, 'keep the state inside the project (the default is the profile\'s folder), or pass --project with the directory that holds it')];
  }
  const tree = trees.find((t) => inside(target, abs(t)));
  return tree ? [finding(PATH_RULE_IDS.overlap, field, `"${stateDir}" is inside ${tree.what} (${tree.field}), which synth replaces as a whole; --prune would remove the state`, 'use a folder outside the generated trees, e.g. the profile\'s folder')] : [];
}
