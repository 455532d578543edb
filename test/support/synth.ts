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

export const PROFILES = ['default', 'triple-nic-mayastor', 'single-node-gpu', 'flux-layered', 'k3s-three-node'];

/** SSH key for profiles that read it from the environment (k3s-three-node). */
export const TEST_SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx1b2h5dGVzdGtleWhvbWVsYWJjZGt0ZXN0a2V5 test@homelab';
process.env.K3S_SSH_PUBLIC_KEY = TEST_SSH_KEY;
