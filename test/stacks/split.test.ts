import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLab } from '../../src/model/load';
import { applyOrder, splitLab as split, stackGraph, stackOfCluster } from '../../src/model/split';
import { synth, synthStacks } from '../../src/synth/synth';
import { ProxmoxVm } from '../../src/constructs/proxmox/proxmox-vm';
import { ValidationError } from '../../src/errors';
import { crossStackProblems, splitLab } from '../support/split-lab';
import { synthAll } from '../support/lab-object';
import { ROOT } from '../support/paths';
import { validateTerraformJson } from '../support/terraform-schema';

const L = 'k3s-three-node';
// The bench's generator (plain JavaScript outside the compiled tree).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateLab } = require(join(ROOT, 'scripts', 'bench', 'gen-lab.js')) as { generateLab: (vms: number, apps: number) => any };

/** Stack names whose JSON differs between two syntheses. */
function changed(a: Record<string, any>, b: Record<string, any>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((n) => JSON.stringify(a[n]) !== JSON.stringify(b[n])).sort();
}

describe('stacks: per-cluster', () => {
  it('makes a base stack and one stack per cluster, each valid for the provider schemas', async () => {
    const stacks = await synthAll(splitLab('per-cluster'));
    assert.deepEqual(Object.keys(stacks).sort(), [L, `${L}-access`, `${L}-k3s`, `${L}-talos`]);
    for (const [name, doc] of Object.entries(stacks)) assert.deepEqual(validateTerraformJson(doc), [], name);
    const base = stacks[L];
    assert.deepEqual(Object.keys(base.resource.proxmox_virtual_environment_vm).sort(), ['tools', 'ubuntu-2404-template']);
    assert.ok(base.resource.proxmox_hardware_mapping_pci.rtx4000ada);
    assert.ok(base.resource.proxmox_virtual_environment_container.dns);
    assert.equal(base.resource.talos_machine_secrets, undefined);
    assert.equal(base.provider.talos, undefined);
    assert.deepEqual(Object.keys(stacks[`${L}-k3s`].resource.proxmox_virtual_environment_vm).sort(), ['k3s-gpu-1', 'k3s-server-1', 'k3s-server-2']);
    assert.ok(stacks[`${L}-k3s`].resource.random_password);
    assert.deepEqual(Object.keys(stacks[`${L}-talos`].resource.proxmox_virtual_environment_vm).sort(), ['talos-cp-1', 'talos-w-1']);
    assert.ok(stacks[`${L}-talos`].resource.talos_machine_bootstrap.talos);
  });

  it('reads what another stack creates through remote state, and every referenced output exists there', async () => {
    const stacks = await synthAll(splitLab('per-cluster'));
    assert.deepEqual(crossStackProblems(stacks), []);
    const k3s = stacks[`${L}-k3s`];
    const remote = k3s.data.terraform_remote_state;
    assert.deepEqual(Object.values<any>(remote).map((r) => [r.backend, r.config.path]), [['local', `../../../terraform.${L}.tfstate`]]);
    const gpu = k3s.resource.proxmox_virtual_environment_vm['k3s-gpu-1'];
    assert.match(gpu.clone.vm_id, /^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.[^}]+\}$/);
    assert.match(gpu.hostpci[0].mapping, /^\$\{data\.terraform_remote_state\./);
    // ordering inside the stack stays; the template in the base stack is no depends_on any more
    assert.deepEqual(gpu.depends_on, ['proxmox_virtual_environment_vm.k3s-server-1']);
    assert.equal(k3s.resource.proxmox_virtual_environment_vm['k3s-server-1'].depends_on, undefined);
    // the Talos stack needs nothing from the base: no remote state
    assert.equal(stacks[`${L}-talos`].data?.terraform_remote_state, undefined);
  });

  it('a cluster that passes a mapped PCI device reads the mapping from the base and is applied after it', async () => {
    const profile = splitLab('per-cluster', (p) => {
      delete p.clusters.k3s.agents[0].pci;
      Object.assign(p.clusters.talos.workers[0], { host: 'pve-01', cpuType: 'host', pci: [{ mapping: 'rtx4000ada' }] });
    });
    const stacks = await synthAll(profile);
    assert.deepEqual(crossStackProblems(stacks), []);
    const w = stacks[`${L}-talos`].resource.proxmox_virtual_environment_vm['talos-w-1'];
    assert.match(w.hostpci[0].mapping, /^\$\{data\.terraform_remote_state\.cross-stack-reference-input-k3s-three-node\.outputs\./);
    assert.equal(w.depends_on, undefined);
    assert.deepEqual(stackGraph(loadLab(profile)).find((s) => s.name === `${L}-talos`)!.dependsOn, [L]);
  });

  it('keeps static model values static (node names, VMIDs, addresses)', async () => {
    const k3s = (await synthAll(splitLab('per-cluster')))[`${L}-k3s`];
    const vm = k3s.resource.proxmox_virtual_environment_vm['k3s-server-1'];
    assert.deepEqual([vm.vm_id, vm.node_name, vm.clone.node_name], [1101, 'pve-02', 'pve-01']);
  });

  it('changing one cluster changes only its stack', async () => {
    const before = await synthAll(splitLab('per-cluster'));
    const k3s = await synthAll(splitLab('per-cluster', (p) => { p.clusters.k3s.agents[0].memoryMiB = 24576; }));
    assert.deepEqual(changed(before, k3s), [`${L}-k3s`]);
    const talos = await synthAll(splitLab('per-cluster', (p) => { p.clusters.talos.workers[0].cores = 6; }));
    assert.deepEqual(changed(before, talos), [`${L}-talos`]);
  });

  it('prints the apply order: access, base, then clusters after what they use', async () => {
    const lab = loadLab(splitLab('per-cluster'));
    assert.deepEqual(stackGraph(lab), [
      { name: `${L}-access`, dependsOn: [] },
      { name: L, dependsOn: [] },
      { name: `${L}-talos`, dependsOn: [] },
      { name: `${L}-k3s`, dependsOn: [L] },
    ]);
    const result = await synth({ profile: splitLab('per-cluster'), projectDir: mkdtempSync(join(tmpdir(), 'homelab-split-')), inventory: false });
    assert.deepEqual(result.applyOrder, [`${L}-access`, L, `${L}-talos`, `${L}-k3s`]);
    const k3s = result.stacks.find((s) => s.name === `${L}-k3s`)!;
    assert.deepEqual([k3s.dependsOn, k3s.vms, k3s.clusters], [[L], 3, 1]);
    assert.deepEqual(result.stacks.find((s) => s.name === L)!.vms, 1);
  });

  it('reads the lab as a whole across its stacks: the inventory lists every VM, and a VM added in code is checked against the clusters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-split-'));
    const result = await synth({ profile: splitLab('per-cluster'), projectDir: dir });
    assert.deepEqual(result.lab.clusters.map((c) => c.name), ['talos']);
    assert.deepEqual(result.lab.k3sClusters.map((c) => c.name), ['k3s']);
    const inventory = readFileSync(join(dir, 'docs', 'inventory.md'), 'utf8');
    for (const vm of ['tools', 'talos-cp-1', 'talos-w-1']) assert.match(inventory, new RegExp(`\\| ${vm} +\\|`), vm);
    await assert.rejects(synth({
      profile: splitLab('per-cluster'), projectDir: mkdtempSync(join(tmpdir(), 'homelab-split-')), inventory: false,
      // the base stack holds no cluster: the clash with talos-cp-1 (VMID 1301) is found across stacks
      extend: (stack) => new ProxmoxVm(stack, 'clash', { host: 'pve-01', vmId: 1301, iso: 'local:iso/a.iso', nics: [{ bridge: 'vmbr0', vlan: 11, address: '10.20.11.99' }], disks: [{ storage: 'local-zfs', sizeGiB: 8 }] }),
    }), (e: unknown) => e instanceof ValidationError && /HL-ID-001/.test(e.message) && /VMID 1301/.test(e.message));
  });

  it('gives each stack its own state: terraform.<stack>.tfstate, and {stack} in a remote backend', async () => {
    const local = await synthAll(splitLab('per-cluster'));
    for (const name of Object.keys(local)) assert.equal(local[name].terraform.backend.local.path, `../../../terraform.${name}.tfstate`);
    const s3 = await synthAll(splitLab('per-cluster', (p) => { p.state = { backend: 's3', bucket: 'tf', endpoint: 'https://minio.lab:9000' }; }));
    assert.deepEqual(Object.keys(s3).map((n) => s3[n].terraform.backend.s3.key).sort(), Object.keys(s3).map((n) => `homelab/${n}.tfstate`).sort());
    assert.equal(Object.values<any>(s3[`${L}-k3s`].data.terraform_remote_state)[0].config.key, `homelab/${L}.tfstate`);
    assert.deepEqual(crossStackProblems(s3), []);
    const pg = await synthAll(splitLab('per-cluster', (p) => { p.state = { backend: 'pg' }; }));
    assert.equal(Object.values<any>(pg[`${L}-k3s`].data.terraform_remote_state)[0].config.schema_name, 'k3s_three_node');
    assert.deepEqual(crossStackProblems(pg), []);
  });
});

describe('the cross-stack check itself', () => {
  it('reports a missing output, an unknown origin stack and a depends_on into another stack', () => {
    const ref = (src: string, out: string) => `\${data.terraform_remote_state.${src}.outputs.${out}}`;
    const stacks = {
      a: { output: { x: { value: 1 } }, resource: { t: { r: {} } } },
      b: {
        data: { terraform_remote_state: { in: { backend: 'local', config: { path: '../../../terraform.a.tfstate' } }, gone: { backend: 'local', config: { path: '../../../terraform.zz.tfstate' } } } },
        resource: { t: { ok: { v: ref('in', 'x') }, bad: { v: ref('in', 'y'), w: ref('gone', 'x'), depends_on: ['t.r'] } } },
      },
    };
    assert.deepEqual(crossStackProblems(stacks), [
      'b: output y does not exist in stack a',
      'b: data.terraform_remote_state.gone reads no stack of this app (undefined)',
      'b: t.bad depends on t.r, which is not in this stack',
    ]);
  });
});

describe('stacks: per-host', () => {
  it('puts stand-alone guests in one stack per host, templates and mappings in the base, clusters whole', async () => {
    const stacks = await synthAll(splitLab('per-host'));
    assert.deepEqual(Object.keys(stacks).sort(), [L, `${L}-access`, `${L}-k3s`, `${L}-pve-02`, `${L}-pve-03`, `${L}-talos`]);
    for (const [name, doc] of Object.entries(stacks)) assert.deepEqual(validateTerraformJson(doc), [], name);
    assert.deepEqual(crossStackProblems(stacks), []);
    assert.deepEqual(Object.keys(stacks[L].resource.proxmox_virtual_environment_vm), ['ubuntu-2404-template']);
    assert.ok(stacks[`${L}-pve-02`].resource.proxmox_virtual_environment_container.dns);
    const tools = stacks[`${L}-pve-03`].resource.proxmox_virtual_environment_vm.tools;
    assert.match(tools.clone.vm_id, /^\$\{data\.terraform_remote_state\./);
    assert.deepEqual(Object.keys(stacks[`${L}-talos`].resource.proxmox_virtual_environment_vm).sort(), ['talos-cp-1', 'talos-w-1']);
  });

  it('orders host stacks after the base they clone from; a change on one host changes only its stack', async () => {
    const lab = loadLab(splitLab('per-host'));
    assert.deepEqual(stackGraph(lab).map((s) => `${s.name} <- ${s.dependsOn.join(',')}`), [
      `${L}-access <- `, `${L} <- `, `${L}-pve-02 <- `, `${L}-pve-03 <- ${L}`, `${L}-talos <- `, `${L}-k3s <- ${L}`,
    ]);
    const before = await synthAll(splitLab('per-host'));
    const after = await synthAll(splitLab('per-host', (p) => { p.containers.dns.memoryMiB = 1024; }));
    assert.deepEqual(changed(before, after), [`${L}-pve-02`]);
  });
});

describe('stacks: single', () => {
  it('is the default, and the same bytes as without the field', async () => {
    const lab = loadLab(splitLab());
    assert.equal(lab.stacks, 'single');
    assert.deepEqual(split(lab).map((p) => [p.name, p.role, p.lab === lab]), [[L, 'lab', true]]);
    assert.deepEqual(JSON.stringify(await synthAll(splitLab('single'))), JSON.stringify(await synthAll(splitLab())));
    const stacks = await synthAll(splitLab());
    assert.equal(JSON.stringify(stacks).includes('terraform_remote_state'), false);
  });

  it('finds a cluster\'s outputs (homelab upgrade) in its own stack when split', () => {
    assert.equal(stackOfCluster(loadLab(splitLab()), 'talos'), L);
    assert.equal(stackOfCluster(loadLab(splitLab('per-host')), 'talos'), `${L}-talos`);
  });

  it('applyOrder refuses a dependency cycle', () => {
    assert.throws(() => applyOrder([{ name: 'a', dependsOn: ['b'] }, { name: 'b', dependsOn: ['a'] }]), /a, b depend on each other/);
  });
});

describe('stacks: a generated lab of 60 VMs split per cluster', () => {
  it('makes one stack per cluster; every stack is valid; one VM change differs in one stack', async () => {
    const profile = { ...generateLab(60, 6), stacks: 'per-cluster' };
    const { stacks } = await synthStacks({ profile, projectDir: mkdtempSync(join(tmpdir(), 'homelab-split-')) });
    assert.deepEqual(Object.keys(stacks), ['bench-60', 'bench-60-c1', 'bench-60-c2', 'bench-60-c3']);
    for (const [name, doc] of Object.entries<any>(stacks)) assert.deepEqual(validateTerraformJson(doc), [], name);
    assert.deepEqual(crossStackProblems(stacks as Record<string, any>), []);
    const edited = generateLab(60, 6);
    edited.clusters.c2.workers[0].memoryMiB = 8192;
    const after = (await synthStacks({ profile: { ...edited, stacks: 'per-cluster' }, projectDir: mkdtempSync(join(tmpdir(), 'homelab-split-')) })).stacks;
    assert.deepEqual(changed(stacks, after), ['bench-60-c2']);
  });
});

describe('stacks: the written files', () => {
  it('writes cdktf.out/stacks/<stack>/cdk.tf.json per stack', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-split-'));
    const result = await synth({ profile: splitLab('per-cluster'), projectDir: dir, inventory: false });
    for (const s of result.stacks) assert.equal(JSON.parse(readFileSync(s.file, 'utf8'))['//'].metadata.stackName, s.name);
  });
});

describe('homelab synth (CLI) on a split lab', () => {
  it('prints a line per stack, then the apply order; JSON gives each stack its dependencies', async () => {
    const { run } = await import('../../src/cli/main');
    const { writeFileSync } = await import('node:fs');
    const { stringify } = await import('yaml');
    const dir = mkdtempSync(join(tmpdir(), 'homelab-split-cli-'));
    writeFileSync(join(dir, 'lab.yaml'), stringify(splitLab('per-cluster')));
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => undefined };
    assert.equal(await run(['node', 'homelab', 'synth', '-p', join(dir, 'lab.yaml'), '-o', join(dir, 'out'), '--project', dir, '--no-inventory'], io), 0);
    assert.deepEqual(out.filter((l) => / resources, /.test(l)).map((l) => l.split(':')[0]), [L, `${L}-access`, `${L}-k3s`, `${L}-talos`]);
    assert.ok(out.includes(`apply order: ${L}-access -> ${L} -> ${L}-talos -> ${L}-k3s`), out.join('\n'));
    out.length = 0;
    assert.equal(await run(['node', 'homelab', 'synth', '-p', join(dir, 'lab.yaml'), '-o', join(dir, 'out'), '--project', dir, '--no-inventory', '--format', 'json'], io), 0);
    const json = JSON.parse(out.join('\n'));
    const stacks = Array.isArray(json) ? json : json.stacks;
    assert.deepEqual(stacks.map((s: any) => [s.name, s.dependsOn]), [[L, []], [`${L}-access`, []], [`${L}-k3s`, [L]], [`${L}-talos`, []]]);
  });
});
