/** A cdk8s chart whose objects are written to one folder of the GitOps tree. */
import type { Construct } from 'constructs';
import { Chart } from '../src/cdk8s';

export class FolderChart extends Chart {
  /** Folder relative to the project (e.g. `gitops/main/platform/metallb/app`). */
  readonly folder: string;
  /** Entries of the folder's kustomization.yaml besides its own object files (e.g. `./metallb/ks.yaml`). */
  readonly extraResources: string[] = [];
  /** File name of the folder's single object, instead of `<kind>.yaml`. @default - by kind */
  fileName?: string;
  /** Write all the folder's objects into this one multi-document file (`gotk-sync.yaml`). @default - a file per object */
  bundleFile?: string;
  /** Files the user (or a bootstrap step) puts in the folder, listed in its kustomization.yaml once they exist. */
  readonly optionalResources: string[] = [];
  /** Write a kustomization.yaml even when the folder has no objects (a Flux Kustomization points here). @default false */
  keepEmpty = false;

  constructor(scope: Construct, id: string, folder: string) {
    super(scope, id, { disableResourceNameHashes: true });
    this.folder = folder;
  }
}
