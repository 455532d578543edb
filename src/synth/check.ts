/**
 * `homelab synth --check`: synthesizes into a scratch folder outside the project and compares with what is
 * committed — the GitOps trees, the inventory, the repository-root `.sops.yaml` and, when the output folder
 * exists (the scaffold gitignores it), the Terraform JSON. Writes nothing in the project.
 */
import type { ProfileInput } from '../schema/profile';
import { existsSync, lstatSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { kubeClusters } from '../model/kube-clusters';
import type { Lab } from '../model/types';
import type { Finding } from '../validate/validate';
import { inventoryMarkdown } from '../inventory/inventory';
import { listTree, readManifest, writeManifest, inventoryIsOurs } from './ownership';
import { treeLab } from './tree-lab';
import { backToProject, buildApp, loadValidLab, stateDir, type SynthOptions } from './synth';
import { discardDir } from './write-atomic';

export interface CheckDifference {
  /** Project-relative file. */
  readonly file: string;
  /** missing: synth writes it, it is not there; differs: its content is not what synth writes; stale: synth wrote it before and no longer does. */
  readonly change: 'missing' | 'differs' | 'stale';
}

export interface CheckResult {
  readonly lab: Lab;
  readonly warnings: readonly Finding[];
  /** What was compared (project-relative folders and files). */
  readonly compared: readonly string[];
  readonly differences: readonly CheckDifference[];
}

export type CheckOptions = Omit<SynthOptions, 'prune' | 'force' | 'build' | 'profile'> & { readonly profile: string | ProfileInput };

export async function synthCheck(options: CheckOptions): Promise<CheckResult> {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const outDir = resolve(projectDir, options.outDir ?? 'cdktf.out');
  const inventoryFile = options.inventory === false ? undefined : resolve(projectDir, options.inventory ?? 'docs/inventory.md');
  const { lab, warnings } = loadValidLab(options.profile, { projectDir, outDir, inventory: inventoryFile ?? false });
  const show = (p: string) => relative(projectDir, p).split('\\').join('/') || '.';
  const scratch = mkdtempSync(join(tmpdir(), 'homelab-check-'));
  const differences: CheckDifference[] = [];
  const compared: string[] = [];
  let built = lab;
  try {
    const trees: { target: string; staged: string }[] = [];
    if (existsSync(outDir)) {
      const staged = join(scratch, 'terraform');
      const app = buildApp(lab, staged, backToProject(outDir, lab.name, projectDir), options.extend, backToProject(outDir, lab.name, stateDir(options, projectDir)));
      app.synth();
      built = treeLab(app, lab, warnings).lab;
      trees.push({ target: outDir, staged });
    }
    if (kubeClusters(lab).some((c) => c.gitops)) {
      const { stageGitops, sopsConfig } = await import('../gitops/synth-gitops');
      const staged = stageGitops(lab, projectDir, () => {}, { stage: () => mkdtempSync(join(scratch, 'tree-')), sopsConfig: false });
      trees.push(...staged.map((t) => ({ target: t.target, staged: t.staged })));
      const sops = kubeClusters(lab).flatMap((c) => (c.gitops?.secrets?.provider === 'sops' ? [{ path: c.gitops.path, recipients: c.gitops.secrets.ageRecipients }] : []));
      if (sops.length) compareFile(join(projectDir, '.sops.yaml'), sopsConfig(sops), show, differences, compared, true);
    }
    for (const t of trees) {
      compared.push(`${show(t.target)}/`);
      compareTree(t.target, t.staged, show, differences);
    }
    if (inventoryFile && inventoryIsOurs(inventoryFile)) compareFile(inventoryFile, inventoryMarkdown(built), show, differences, compared, false);
  } finally {
    discardDir(scratch);
  }
  return { lab, warnings, compared, differences: differences.sort((a, b) => a.file.localeCompare(b.file)) };
}

function compareTree(target: string, staged: string, show: (p: string) => string, out: CheckDifference[]): void {
  writeManifest(staged);
  const generated = listTree(staged, () => false);
  const name = (rel: string) => show(join(target, rel));
  for (const rel of generated) {
    const file = join(target, rel);
    if (!existsSync(file) || lstatSync(file).isDirectory()) out.push({ file: name(rel), change: 'missing' });
    else if (!readFileSync(file).equals(readFileSync(join(staged, rel)))) out.push({ file: name(rel), change: 'differs' });
  }
  const now = new Set(generated);
  for (const rel of readManifest(target)?.files ?? []) {
    if (!now.has(rel) && existsSync(join(target, rel))) out.push({ file: name(rel), change: 'stale' });
  }
}

/** `onlyOurs`: a file without synth's first line is the user's and not compared (`.sops.yaml`). */
function compareFile(file: string, text: string, show: (p: string) => string, out: CheckDifference[], compared: string[], onlyOurs: boolean): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (onlyOurs && current !== undefined && !current.startsWith(text.split('\n')[0]!)) return;
  compared.push(show(file));
  if (current === undefined) out.push({ file: show(file), change: 'missing' });
  else if (current !== text) out.push({ file: show(file), change: 'differs' });
}
