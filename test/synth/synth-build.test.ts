/** synth({ build }): a lab written entirely in code is checked and written like a profile's. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { App } from '../../src/cdktf';
import { Host } from '../../src/constructs/proxmox/host';
import { ProxmoxVm } from '../../src/constructs/proxmox/proxmox-vm';
import { TalosCluster } from '../../src/constructs/talos/talos-cluster';
import { UsageError, ValidationError } from '../../src/errors';
import { synth } from '../../src/synth/synth';
import { LabStack } from '../../stacks/lab-stack';

class Whoami extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'whoami', disableResourceNameHashes: true });
    new kplus.Deployment(this, 'web', {
      metadata: { name: 'whoami' },
      replicas: 1,
      containers: [{ image: 'traefik/whoami:v1.11.0', portNumber: 8080, securityContext: { user: 1000, group: 1000 } }],
    }).exposeViaService({ name: 'whoami' });
  }
}

const storage = { 'local-lvm': { type: 'lvmthin' as const, content: ['images' as const, 'rootdir' as const] }, local: { type: 'dir' as const, content: ['iso' as const, 'snippets' as const] } };
const bridges = { vmbr0: { cidr: '10.10.0.0/24', gateway: '10.10.0.1' } };

function lab(app: App, vmId = 460): void {
  const stack = new LabStack(app, 'code-lab', { proxmox: { insecure: true } });
  const pve = new Host(stack, 'pve', { address: '10.10.0.10', cpuThreads: 16, memoryMiB: 65536, storage, bridges });
  new Host(stack, 'pve2', { address: '10.10.0.11', cpuThreads: 16, memoryMiB: 65536, storage, bridges });
  const main = new TalosCluster(stack, 'main', {
    controlPlanes: [{ name: 'cp-1', vmId: 800, host: pve, nics: [{ bridge: 'vmbr0', address: '10.10.0.20' }], disks: [{ storage: 'local-lvm', sizeGiB: 32 }] }],
    workers: [{ name: 'w-1', vmId: 810, host: 'pve2', nics: [{ bridge: 'vmbr0', address: '10.10.0.30' }], disks: [{ storage: 'local-lvm', sizeGiB: 64 }] }],
    gitops: { engine: 'flux', repo: { url: 'https://github.com/example/lab.git' } },
  });
  main.addChart('whoami', (scope) => new Whoami(scope, 'whoami'));
  new ProxmoxVm(stack, 'media', {
    host: pve, vmId, iso: 'local:iso/debian-13.1.0-amd64-netinst.iso',
    nics: [{ bridge: 'vmbr0', address: '10.10.0.60' }], disks: [{ storage: 'local-lvm', sizeGiB: 32 }],
  });
}

describe('synth({ build }): a lab written in code', () => {
  it('writes its Terraform, GitOps tree (with the added cdk8s-plus chart) and inventory like a profile\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-build-'));
    const r = await synth({ build: (app) => lab(app), projectDir: dir, outDir: 'out' });
    assert.equal(r.lab.name, 'code-lab');
    assert.deepEqual(r.stacks.map((s) => [s.name, s.vms, s.clusters]), [['code-lab', 3, 1]]);
    const tf = JSON.parse(readFileSync(join(dir, 'out/stacks/code-lab/cdk.tf.json'), 'utf8'));
    assert.deepEqual(Object.keys(tf.resource.proxmox_virtual_environment_vm).sort(), ['cp-1', 'media', 'w-1']);
    // the stack finds the project from the output folder: state and client files beside it
    assert.equal(tf.terraform.backend.local.path, '../../../terraform.code-lab.tfstate');
    assert.equal(tf.resource.local_sensitive_file['main-kubeconfig'].filename, '${path.root}/../../../generated/main/kubeconfig');
    const deployment = readFileSync(join(dir, 'gitops/main/apps/whoami/app/deployment.yaml'), 'utf8');
    assert.match(deployment, /image: traefik\/whoami:v1\.11\.0/);
    assert.ok(existsSync(join(dir, 'gitops/main/apps/whoami/ks.yaml')));
    assert.match(readFileSync(join(dir, 'docs/inventory.md'), 'utf8'), /\| 460 +\| media +\| pve +\| vm /);
  });

  it('stops with the rules of homelab validate when a VM in code reuses a VMID, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-build-'));
    await assert.rejects(synth({ build: (app) => lab(app, 800), projectDir: dir }), (e: unknown) =>
      e instanceof ValidationError && /HL-ID-001/.test(e.message) && /VMID 800/.test(e.message));
    assert.equal(existsSync(join(dir, 'cdktf.out')), false);
    assert.equal(existsSync(join(dir, 'gitops')), false);
  });

  it('checks --out before anything is made: an output outside the project stops it (HL-PATH-001), nothing is created there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-build-'));
    const outside = mkdtempSync(join(tmpdir(), 'homelab-outside-'));
    let built = false;
    await assert.rejects(synth({ build: (app) => ((built = true), lab(app)), projectDir: dir, outDir: join(outside, 'out') }), (e: unknown) =>
      e instanceof ValidationError && /HL-PATH-001/.test(e.message) && /outside the project/.test(e.message));
    assert.equal(built, false);
    assert.deepEqual(readdirSync(outside), []);
  });

  it('needs exactly one of profile and build, and one LabStack', async () => {
    await assert.rejects(synth({}), (e: unknown) => e instanceof UsageError && /either a profile or a build function/.test(e.message));
    await assert.rejects(synth({ build: () => undefined, projectDir: mkdtempSync(join(tmpdir(), 'homelab-build-')) }), (e: unknown) =>
      e instanceof UsageError && /0 LabStacks/.test(e.message));
  });
});
