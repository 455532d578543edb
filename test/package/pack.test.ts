import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';
import { CONSUMER_CHECK, PEERS } from '../support/peers';

function sh(cmd: string, args: string[], cwd: string, timeout = 240_000) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { ...r, all: `${r.stdout}\n${r.stderr}` };
}

/** The program under "Use as a library" in the README, exactly as written there. */
function readmeProgram(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/<!-- library-example -->\n```ts\n([\s\S]*?)```/);
  assert.ok(m, 'README has a <!-- library-example --> ts block');
  return m![1]!;
}

/** Packs the package and installs the tarball into a consumer project once, for every test of this file. */
let consumer: { work: string; tarball: string; app: string; files: string[] } | undefined;
function packedConsumer() {
  if (consumer) return consumer;
  const work = mkdtempSync(join(tmpdir(), 'homelab-pack-'));
  const pack = sh('npm', ['pack', '--pack-destination', work, '--ignore-scripts'], ROOT);
  assert.equal(pack.status, 0, pack.all);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  const files = sh('tar', ['-tzf', join(work, tarball)], work).stdout.split('\n');
  // The consumer names only homelab-cdk: npm (7 and later) installs the peers beside it.
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-homelab', private: true, type: 'commonjs' }));
  const install = sh('npm', ['install', '--prefer-offline', '--ignore-scripts', join(work, tarball)], app);
  assert.equal(install.status, 0, install.all);
  return (consumer = { work, tarball, app, files });
}

describe('the packed package, used from another project', () => {
  it('installs from the tarball, compiles the README program with tsc --strict and synthesizes', { timeout: 300_000 }, () => {
    const { app, files } = packedConsumer();
    assert.ok(files.includes('package/dist/src/index.d.ts'));
    assert.ok(!files.some((f) => f.startsWith('package/dist/test/') || f.startsWith('package/src/')), 'no tests or sources shipped');
    assert.equal(existsSync(join(app, 'node_modules', 'homelab-cdk', 'dist', '.gen', 'providers', 'proxmox', 'index.js')), true);

    writeFileSync(join(app, 'main.ts'), readmeProgram());
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, skipLibCheck: false,
        types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')], outDir: 'out',
      },
      files: ['main.ts'],
    }));
    const tsc = sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
    assert.equal(tsc.status, 0, tsc.all);

    const run = sh(process.execPath, ['out/main.js'], app);
    assert.equal(run.status, 0, run.all);
    assert.match(run.stdout, /^media-lab: 3 VMs, main \d+ GitOps files, nvidia GPU$/m);
    assert.match(run.stdout, /^warning HL-HW-007 media-lab\/jellyfin: pci\[0\]\.device: /m);
    const stack = JSON.parse(readFileSync(join(app, 'cdktf.out', 'stacks', 'media-lab', 'cdk.tf.json'), 'utf8'));
    const vms = stack.resource.proxmox_virtual_environment_vm;
    assert.deepEqual(Object.keys(vms).sort(), ['cp-1', 'jellyfin', 'w-1']);
    assert.deepEqual([vms['cp-1'].node_name, vms['w-1'].node_name], ['pve', 'pve2']);
    const vm = vms.jellyfin;
    assert.deepEqual(vm.hostpci, [{ device: 'hostpci0', id: '0000:0d:00', pcie: true, rombar: true }]);
    assert.deepEqual(vm.network_device.map((d: { bridge: string }) => d.bridge), ['vmbr0', 'vmbr3']);
    assert.equal(vm.cpu.affinity, '0-3');
    assert.equal(stack.resource.proxmox_virtual_environment_file.motd.node_name, 'pve2');
    assert.ok(stack.resource.talos_machine_bootstrap.main);
    assert.equal(stack.provider.proxmox[0].endpoint, 'https://10.10.0.10:8006/');
    assert.ok(Object.values<any>(stack.output).some((o) => o.value === 'sudo mount -t nfs -o ro 10.40.0.10:/mnt/media /mnt/media'));
    assert.match(readFileSync(join(app, 'inventory.md'), 'utf8'), /\| 460 +\| jellyfin +\| pve +\| vm /);
    // the cdk8s-plus chart of the program, in the cluster's Flux tree with its own Kustomization
    assert.match(readFileSync(join(app, 'gitops', 'main', 'apps', 'whoami', 'app', 'deployment.yaml'), 'utf8'), /image: traefik\/whoami:v1\.11\.0/);
    assert.match(readFileSync(join(app, 'gitops', 'main', 'apps', 'whoami', 'ks.yaml'), 'utf8'), /path: gitops\/main\/apps\/whoami\/app/);

    // The same program with the VM on the control plane's VMID: the validate rule stops synth, naming the construct.
    writeFileSync(join(app, 'main.ts'), readmeProgram().replace('vmId: 460', 'vmId: 800'));
    assert.equal(sh(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app).status, 0);
    const clash = sh(process.execPath, ['out/main.js'], app);
    assert.equal(clash.status, 1, clash.all);
    assert.match(clash.stderr, /^error HL-ID-001 media-lab\/main: controlPlanes\[0\]\.vmId: VMID 800 of "cp-1" is already used by "jellyfin" \(media-lab\/jellyfin\)/m);
  });
  it('gives the consumer one copy of each peer: our constructs are instances of its Construct', { timeout: 300_000 }, () => {
    const { work, tarball, app } = packedConsumer();
    const packed = JSON.parse(sh('tar', ['-xzOf', join(work, tarball), 'package/package.json'], work).stdout);
    assert.deepEqual(Object.keys(packed.peerDependencies).sort(), PEERS);
    for (const p of PEERS) {
      assert.ok(existsSync(join(app, 'node_modules', p, 'package.json')), `${p} installed for the consumer`);
      assert.ok(!existsSync(join(app, 'node_modules', 'homelab-cdk', 'node_modules', p)), `no private copy of ${p} under homelab-cdk`);
    }
    writeFileSync(join(app, 'check.js'), CONSUMER_CHECK);
    const run = sh(process.execPath, ['check.js'], app);
    assert.equal(run.status, 0, run.all);
    const result = JSON.parse(run.stdout);
    assert.deepEqual(result.same, PEERS.map((p) => [p, true]));
    assert.equal(result.construct, true);
    assert.equal(result.stack, true);
  });
});
