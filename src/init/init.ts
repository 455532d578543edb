/** `homelab init`: scaffolds a new homelab repository that depends on homelab-cdk. Never overwrites. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors';
import { dependencySpec } from './dependency-spec';
import { envrcExample, GITIGNORE, packageJson, profileTemplate, readme, renovateConfig, WORKFLOW, type InitOptions } from './templates';

export interface InitRequest {
  /** Target directory (created when missing). @default '.' */
  readonly dir?: string;
  /** @default 'flux' */
  readonly engine?: 'flux' | 'argocd';
  /** @default 'talos' */
  readonly distribution?: 'talos' | 'k3s';
  /**
   * The scaffold's homelab-cdk dependency (a range, `file:` path, tarball or git URL).
   * @default - where the running package came from (see dependency-spec.ts)
   */
  readonly dependency?: string;
}

export interface InitResult {
  readonly dir: string;
  readonly files: readonly string[];
  /** The homelab-cdk dependency written into package.json. */
  readonly dependency: string;
}

export async function init(req: InitRequest): Promise<InitResult> {
  const dir = resolve(req.dir ?? '.');
  const name = basename(dir).toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, '') || 'homelab';
  const version = req.dependency ?? dependencySpec().spec;
  const o: InitOptions = { engine: req.engine ?? 'flux', distribution: req.distribution ?? 'talos', name, version };
  const files: Record<string, string> = {
    'profiles/lab.yaml': profileTemplate(o),
    '.gitignore': GITIGNORE,
    '.envrc.example': envrcExample(o),
    '.github/workflows/homelab.yaml': WORKFLOW,
    'package.json': packageJson(o),
    'README.md': readme(o),
    'renovate.json': renovateConfig(),
  };
  const existing = Object.keys(files).filter((f) => existsSync(join(dir, f)));
  if (existing.length) throw new UsageError(`${dir} already has ${existing.join(', ')}; nothing was written (homelab init never overwrites)`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { dir, files: Object.keys(files), dependency: version };
}
