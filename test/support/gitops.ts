/** GitOps trees of the reference profiles, built in memory (objects) or on disk (files), cached. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitopsFolders } from '../../src/gitops/synth-gitops';
import type { GitOps } from '../../src/model/gitops-types';
import { kubeClusters } from '../../src/model/kube-clusters';
import { loadLab } from '../../src/model/load';
import './synth'; // sets the SSH key k3s-three-node reads from the environment
import { synth } from '../../src/synth/synth';
import { profilePath } from './paths';

export const GITOPS_PROFILES = ['triple-nic-mayastor', 'single-node-gpu', 'flux-layered', 'k3s-three-node'];

export function gitopsOf(profile: string): GitOps {
  return kubeClusters(loadLab(profilePath(profile))).find((c) => c.gitops)!.gitops!;
}

/** Every object of the profile's tree with the folder it is written to. */
export function objectsOf(profile: string): { folder: string; object: any }[] {
  return gitopsFolders(gitopsOf(profile)).flatMap((f) => f.objects.map((object) => ({ folder: f.folder, object })));
}

const written = new Map<string, Promise<string>>();

/** Synthesizes the profile into a temporary project directory; resolves to that directory. */
export function writtenTree(profile: string): Promise<string> {
  let p = written.get(profile);
  if (!p) {
    p = (async () => {
      const dir = mkdtempSync(join(tmpdir(), 'homelab-gitops-'));
      await synth({ profile: profilePath(profile), projectDir: dir });
      return dir;
    })();
    written.set(profile, p);
  }
  return p;
}
