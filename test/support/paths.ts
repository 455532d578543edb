/** Paths of the repository, from compiled tests (dist/test/...) or sources alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

export const ROOT = findRoot(__dirname);
export const profilePath = (name: string) => join(ROOT, 'profiles', `${name}.yaml`);
export const fixturePath = (...parts: string[]) => join(ROOT, 'test', 'fixtures', ...parts);
