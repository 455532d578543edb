/**
 * `homelab upgrade`: rolls a new Talos version or schematic (extensions) out to a running cluster in place,
 * the way `talosctl upgrade` is meant to be used: control planes one at a time, each followed by a cluster
 * health check (etcd members, control plane, nodes ready), then the workers, then Kubernetes with
 * `talosctl upgrade-k8s`. `terraform apply` has already put the new installer image into every node's
 * `machine.install.image` (the boot disks ignore image changes), and it wrote the talosconfig used here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { loadLab } from '../model/load';
import { stackOfCluster } from '../model/split';
import type { TalosCluster, TalosNode } from '../model/types';
import type { ProfileInput } from '../schema/profile';

export interface UpgradeOptions {
  /** A profile file path, or a profile object. */
  readonly profile: string | ProfileInput;
  /** Talos cluster to upgrade. @default - the only Talos cluster of the profile */
  readonly cluster?: string;
  /** Print the commands instead of running them. @default false */
  readonly dryRun?: boolean;
  /** Start at this node (resume after a failure); earlier nodes are skipped. @default - the first control plane */
  readonly from?: string;
  /** Leave Kubernetes alone (no `talosctl upgrade-k8s`). @default false */
  readonly skipKubernetes?: boolean;
  /** Directory that relative paths (talosconfig, synth output) are relative to. @default process.cwd() */
  readonly projectDir?: string;
  /** Synth output directory (holds the stack whose Terraform outputs name the installer images). @default 'cdktf.out' */
  readonly outDir?: string;
  /** Progress lines. @default - none */
  readonly log?: (line: string) => void;
  /** Environment (PATH lookup of talosctl and terraform). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface UpgradeStep {
  /** Node the step acts on (the first control plane for cluster-wide steps). */
  readonly node: string;
  /** Address of that node. */
  readonly address: string;
  readonly what: 'upgrade' | 'health' | 'upgrade-k8s';
  /** argv, starting with `talosctl`. */
  readonly argv: readonly string[];
}

export interface UpgradeResult {
  readonly cluster: string;
  readonly steps: readonly UpgradeStep[];
  /** Steps run (all of them unless dryRun). */
  readonly ran: number;
}

/** An upgrade that cannot start or stopped: a missing tool, a failed step (with the resume command). */
export class UpgradeError extends Error {
  override readonly name = 'UpgradeError';
}

function pickCluster(clusters: readonly TalosCluster[], name?: string): TalosCluster {
  if (name) {
    const c = clusters.find((x) => x.name === name);
    if (!c) throw new UpgradeError(`no Talos cluster "${name}" in the profile (Talos clusters: ${clusters.map((x) => x.name).join(', ') || 'none'})`);
    return c;
  }
  if (clusters.length !== 1) throw new UpgradeError(`the profile has ${clusters.length} Talos clusters; choose one with --cluster (${clusters.map((x) => x.name).join(', ')})`);
  return clusters[0]!;
}

/** The rolling order and the exact commands; `images` maps node name -> installer image. */
export function upgradeSteps(cluster: TalosCluster, talosconfig: string, images: Readonly<Record<string, string>>, options: Pick<UpgradeOptions, 'from' | 'skipKubernetes'> = {}): UpgradeStep[] {
  const cps = cluster.controlPlanes.map((n) => n.address);
  const workers = cluster.workers.map((n) => n.address);
  const first = cps[0]!;
  // A node being upgraded is its own endpoint (talosctl follows it through the reboot); cluster-wide steps
  // may use any control plane.
  const talosctl = (node: string, endpoints: string, ...args: string[]) => ['talosctl', '--talosconfig', talosconfig, '--nodes', node, '--endpoints', endpoints, ...args];
  const health = ['health', '--wait-timeout', '10m', '--control-plane-nodes', cps.join(','), ...(workers.length ? ['--worker-nodes', workers.join(',')] : [])];
  const order: TalosNode[] = [...cluster.controlPlanes, ...cluster.workers];
  const start = options.from ? order.findIndex((n) => n.vm.name === options.from) : 0;
  if (start < 0) throw new UpgradeError(`--from ${options.from}: no node of that name in cluster "${cluster.name}" (${order.map((n) => n.vm.name).join(', ')})`);
  const steps: UpgradeStep[] = [];
  for (const node of order.slice(start)) {
    const image = images[node.vm.name];
    if (!image) throw new UpgradeError(`no installer image for node "${node.vm.name}" in the Terraform output ${cluster.name}_installer_images; run homelab synth and terraform apply first`);
    steps.push({ node: node.vm.name, address: node.address, what: 'upgrade', argv: talosctl(node.address, node.address, 'upgrade', '--image', image, '--wait', '--timeout', '20m') });
    steps.push({ node: node.vm.name, address: node.address, what: 'health', argv: talosctl(first, cps.join(','), ...health) });
  }
  if (!options.skipKubernetes) {
    steps.push({ node: cluster.controlPlanes[0]!.vm.name, address: first, what: 'upgrade-k8s', argv: talosctl(first, cps.join(','), 'upgrade-k8s', '--to', cluster.kubernetesVersion.replace(/^v/, '')) });
  }
  return steps;
}

/** Finds an executable on PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The `<cluster>_installer_images` output of the lab's stack (`terraform output -json`). */
function installerImages(cluster: TalosCluster, stackDir: string, env: NodeJS.ProcessEnv, dryRun: boolean): Record<string, string> {
  const placeholder = () => Object.fromEntries([...cluster.controlPlanes, ...cluster.workers].map((n) => [n.vm.name, `<installer image of ${n.vm.name}: terraform output ${cluster.name}_installer_images>`]));
  const terraform = onPath('terraform', env) ?? onPath('tofu', env);
  if (!terraform || !existsSync(stackDir)) {
    if (dryRun) return placeholder();
    throw new UpgradeError(!terraform
      ? 'terraform (or tofu) is not on PATH; it reads the installer images from the Terraform outputs of the lab stack'
      : `${stackDir} does not exist; run homelab synth and terraform apply first`);
  }
  const r = spawnSync(terraform, [`-chdir=${stackDir}`, 'output', '-json', `${cluster.name}_installer_images`], { encoding: 'utf8', env });
  if (r.status !== 0) {
    if (dryRun) return placeholder();
    throw new UpgradeError(`terraform output ${cluster.name}_installer_images failed in ${stackDir}: ${(r.stderr || r.stdout).trim().split('\n')[0]}; run terraform apply first`);
  }
  return JSON.parse(r.stdout) as Record<string, string>;
}

/**
 * Installer images tagged with the profile's Talos version. The Terraform outputs name the version last applied;
 * when the profile asks for a newer one and apply has not run yet (the order a 1.11 -> 1.12 jump needs: nodes
 * first, then the new config documents), the same schematic is used with the new tag. A schematic changes only
 * with the extensions, which take `terraform apply` first.
 */
export function withProfileVersion(images: Readonly<Record<string, string>>, talosVersion: string, log: (line: string) => void = () => undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const retagged = new Set<string>();
  for (const [node, image] of Object.entries(images)) {
    const m = /^(factory\.talos\.dev\/[^:]+):(v[^:/]+)$/.exec(image);
    out[node] = m && m[2] !== talosVersion ? `${m[1]}:${talosVersion}` : image;
    if (out[node] !== image) retagged.add(m![2]!);
  }
  if (retagged.size) {
    log(`note: the Terraform outputs name Talos ${[...retagged].join(', ')} (terraform apply has not run since talosVersion changed); upgrading to ${talosVersion} with the same schematic — extension changes need terraform apply first`);
  }
  return out;
}

export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const lab = loadLab(options.profile);
  const cluster = pickCluster(lab.clusters, options.cluster);
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const stackDir = join(resolve(projectDir, options.outDir ?? 'cdktf.out'), 'stacks', stackOfCluster(lab, cluster.name));
  const talosconfig = isAbsolute(cluster.talosconfigPath) ? cluster.talosconfigPath : resolve(projectDir, cluster.talosconfigPath);
  const talosctl = onPath('talosctl', env);
  if (!talosctl && !options.dryRun) {
    throw new UpgradeError('talosctl is not on PATH; install the talosctl of the target Talos version (https://www.talos.dev/latest/talos-guides/install/talosctl/ or `brew install siderolabs/tap/talosctl`), or run with --dry-run to see the commands');
  }
  const images = withProfileVersion(installerImages(cluster, stackDir, env, options.dryRun === true), cluster.talosVersion, log);
  const steps = upgradeSteps(cluster, talosconfig, images, options);
  let ran = 0;
  for (const [i, step] of steps.entries()) {
    log(`[${i + 1}/${steps.length}] ${step.node}: ${step.argv.join(' ')}`);
    if (options.dryRun) continue;
    const r = spawnSync(talosctl!, step.argv.slice(1), { stdio: 'inherit', env });
    if (r.status !== 0) {
      const resume = step.what === 'upgrade-k8s'
        ? `every node runs the new Talos; rerun: ${step.argv.join(' ')}`
        : `resume with: homelab upgrade --cluster ${cluster.name} --from ${step.node}`;
      throw new UpgradeError(`talosctl ${step.what} failed for node ${step.node} (exit ${r.status ?? r.signal}); nothing after it was run. Check the node (talosctl -n ${step.address} -e ${step.address} dmesg), then ${resume}`);
    }
    ran++;
  }
  return { cluster: cluster.name, steps, ran };
}
