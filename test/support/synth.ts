/** Synthesizes a profile into a temporary directory and returns the parsed stack JSON (cached per profile). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synth } from '../../src/synth/synth';
import { profilePath } from './paths';

const cache = new Map<string, Promise<any>>();

export function synthStack(profile: string): Promise<any> {
  let p = cache.get(profile);
  if (!p) {
    p = (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'homelab-test-'));
      const file = profile.includes('/') ? profile : profilePath(profile);
      const result = await synth({ profile: file, outDir: 'cdktf.out', projectDir: dir });
      return JSON.parse(readFileSync(result.stacks[0]!.file, 'utf8'));
    })();
    cache.set(profile, p);
  }
  return p;
}

export const PROFILES = ['default', 'triple-nic-mayastor', 'single-node-gpu', 'flux-layered'];
