/**
 * Where the running homelab-cdk came from, as the dependency a scaffold's package.json needs to install the
 * same package (README "homelab init": "Where the scaffold installs homelab-cdk from"):
 *
 * 1. the package's own package.json `_resolved` (written by older npm and by some installers);
 * 2. inside a `node_modules` folder: the `resolved` of `node_modules/homelab-cdk` in the installing project's
 *    lockfile (`node_modules/.package-lock.json`, else `package-lock.json`) — a registry URL gives the registry
 *    range `^<version>`, a `file:` tarball or folder gives `file:<absolute path>`, a git URL is kept as it is;
 * 3. not inside `node_modules` (a git checkout, or `npm link` / `file:` folder installs, which are symlinks):
 *    `file:<absolute path of the package folder>`;
 * 4. otherwise (nothing recorded): the registry range `^<version>`.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface DependencySpec {
  /** The package.json dependency value. */
  readonly spec: string;
  /** How it was decided, for the init message. */
  readonly source: 'registry' | 'lockfile' | 'checkout' | 'package.json';
}

const REGISTRY_TARBALL = /^https?:\/\/[^#]*\/homelab-cdk\/-\/homelab-cdk-[^/]+\.tgz$/;

/** The dependency on homelab-cdk that installs the package at `packageRoot` (default: this running one). */
export function dependencySpec(packageRoot: string = defaultRoot()): DependencySpec {
  const root = realpathSync(packageRoot);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; _resolved?: string; _from?: string };
  const registry: DependencySpec = { spec: `^${pkg.version}`, source: 'registry' };
  if (pkg._resolved) return fromResolved(pkg._resolved, root, pkg.version, 'package.json');
  const parts = root.split(sep);
  const nm = parts.lastIndexOf('node_modules');
  if (nm < 0) return { spec: `file:${root}`, source: 'checkout' };
  const project = parts.slice(0, nm).join(sep) || sep;
  const key = relative(project, root).split(sep).join('/');
  for (const lock of [join(project, 'node_modules', '.package-lock.json'), join(project, 'package-lock.json')]) {
    const resolved = lockedResolved(lock, key);
    if (resolved) return fromResolved(resolved, project, pkg.version, 'lockfile');
  }
  return registry;
}

function fromResolved(resolved: string, base: string, version: string, source: DependencySpec['source']): DependencySpec {
  if (REGISTRY_TARBALL.test(resolved)) return { spec: `^${version}`, source: 'registry' };
  if (resolved.startsWith('file:')) {
    const path = resolved.slice('file:'.length);
    return { spec: `file:${isAbsolute(path) ? path : resolve(base, path)}`, source };
  }
  return { spec: resolved, source };
}

function lockedResolved(lock: string, key: string): string | undefined {
  if (!existsSync(lock)) return undefined;
  try {
    const data = JSON.parse(readFileSync(lock, 'utf8')) as { packages?: Record<string, { resolved?: string; link?: boolean }> };
    const entry = data.packages?.[key];
    return typeof entry?.resolved === 'string' && !entry.link ? entry.resolved : undefined;
  } catch {
    return undefined;
  }
}

/** dist/src/init -> the package folder. */
function defaultRoot(): string {
  return resolve(__dirname, '..', '..', '..');
}
