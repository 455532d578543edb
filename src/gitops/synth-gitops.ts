/** Builds the GitOps tree of every cluster with a `gitops` section into staging folders (committed by synth). */
import { stringify } from 'yaml';
import { buildGitopsCharts } from '../../charts/gitops-charts';
import type { GitOps } from '../model/gitops-types';
import { kubeClusters } from '../model/kube-clusters';
import type { Lab } from '../model/types';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepSopsFiles, stagingDir, type StagedOutput } from '../synth/write-atomic';
import { fileExists, writeTree, type TreeFolder } from './write-tree';

export interface GitopsTree {
  readonly cluster: string;
  /** Project-relative folder of the tree. */
  readonly path: string;
  readonly files: number;
  /** The one command that hands the cluster to its GitOps engine. */
  readonly bootstrap: string;
  readonly warnings: readonly string[];
}

export interface StagedTree extends GitopsTree {
  readonly staged: string;
  readonly target: string;
}

/** Renders the folders of one cluster's tree (pure; used by synth, diff and tests). */
export function gitopsFolders(g: GitOps): TreeFolder[] {
  return buildGitopsCharts(g).map((c) => ({
    folder: c.folder,
    objects: c.toJson(),
    extraResources: c.extraResources,
    optionalResources: sopsSecretFiles(g, c.folder),
    fileName: c.fileName,
  }));
}

/** SOPS users keep `secret-<name>.sops.yaml` in the app folder; listed when present. */
function sopsSecretFiles(g: GitOps, folder: string): string[] {
  if (g.secrets?.provider !== 'sops') return [];
  const app = g.apps.find((a) => folder === `${g.path}/${a.layer}/${a.name}/app`);
  return (app?.secrets ?? []).map((s) => `secret-${s.name}.sops.yaml`);
}

/** `.sops.yaml`: whole-file encryption for cluster env and Talos secrets, selected fields elsewhere. */
export function sopsConfig(recipients: readonly string[]): string {
  const age = recipients.join(',');
  return stringify({
    creation_rules: [
      { path_regex: '.*(clusterenv|talsecret|secrets?)\\.sops\\.ya?ml$', age },
      { path_regex: '.*\\.sops\\.ya?ml$', encrypted_regex: '^(data|stringData|password|secret|key|token)$', age },
    ],
  });
}

export function bootstrapCommand(g: GitOps): string {
  if (g.engine === 'flux') {
    const sops = g.secrets?.provider === 'sops'
      ? ' && kubectl -n flux-system create secret generic sops-age --from-file=age.agekey="$SOPS_AGE_KEY_FILE"'
      : '';
    return `flux install${sops} && kubectl apply -k ${g.path}/flux/bootstrap`;
  }
  if (g.managedBy) {
    // Argo CD of another cluster deploys this one: register it there, then hand it the root Application.
    return `argocd cluster add <context of ${g.cluster}> --name ${g.cluster} && kubectl --context <context of ${g.managedBy}> apply -f ${g.path}/argocd/root.yaml`;
  }
  const argo = g.apps.find((a) => a.chart?.name === 'argo-cd');
  const chart = argo?.chart
    ? `argo-cd --repo ${argo.chart.repo} --version ${argo.chart.version}`
    : 'argo-cd --repo https://argoproj.github.io/argo-helm';
  return `helm install argocd ${chart} -n argocd --create-namespace && kubectl apply -f ${g.path}/argocd/root.yaml`;
}

/** Writes each cluster's tree into a staging folder beside its target; `onStaged` hears of each folder as it is made. */
export function stageGitops(lab: Lab, projectDir: string, onStaged: (o: StagedOutput) => void = () => {}): StagedTree[] {
  const out: StagedTree[] = [];
  const cniNone = new Set(lab.clusters.filter((c) => c.cni === 'none').map((c) => c.name));
  for (const cluster of kubeClusters(lab)) {
    const g = cluster.gitops;
    if (!g) continue;
    const target = join(projectDir, g.path);
    const staged = stagingDir(target);
    onStaged({ kind: 'tree', target, staged, display: g.path, keep: keepSopsFiles });
    const folders = gitopsFolders(g);
    const exists = fileExists(projectDir);
    let files = writeTree(folders, g.path, staged, exists);
    const warnings: string[] = [];
    if (g.secrets?.provider === 'sops') {
      writeFileSync(join(staged, '.sops.yaml'), sopsConfig(g.secrets.ageRecipients));
      files++;
      for (const f of folders) for (const r of f.optionalResources ?? []) {
        if (!exists(join(f.folder, r))) warnings.push(`${f.folder}/${r}: create it and encrypt it with sops (it is listed once it exists)`);
      }
    }
    if (cniNone.has(cluster.name)) warnings.push(`${cluster.name}: cni is none; the CNI app (e.g. cilium) must run before the GitOps engine's pods can start`);
    out.push({ cluster: cluster.name, path: g.path, files, bootstrap: bootstrapCommand(g), warnings, staged, target });
  }
  return out;
}
