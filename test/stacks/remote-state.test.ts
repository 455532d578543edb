/**
 * The cross-stack wiring as Terraform runs it (offline: only Terraform's built-in provider). The stacks of a split
 * lab are cut down to what connects them — the base's cross-stack outputs (values replaced by literals, since
 * the Proxmox provider is not available offline) and the K3s stack's remote-state data source, whose values a
 * terraform_data takes — in the same folder layout as cdktf.out, so the relative state paths are the real ones.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { synth } from '../../src/synth/synth';
import { splitLab } from '../support/split-lab';

const L = 'k3s-three-node';
const tf = (cwd: string, ...args: string[]) => spawnSync('terraform', [...args, '-no-color'], { cwd, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' } });

describe('split stacks under Terraform (built-in provider only)', () => {
  it('the consumer cannot plan before the base is applied, then reads the base outputs from its state file', async (t) => {
    if (spawnSync('terraform', ['version'], { encoding: 'utf8' }).status !== 0) return t.skip('terraform is not installed here');
    const dir = mkdtempSync(join(tmpdir(), 'homelab-remote-state-'));
    const result = await synth({ profile: splitLab('per-cluster'), projectDir: dir, inventory: false });
    const read = (name: string) => JSON.parse(readFileSync(result.stacks.find((s) => s.name === name)!.file, 'utf8'));
    const base = read(L);
    const k3s = read(`${L}-k3s`);
    const literal: Record<string, unknown> = {};
    const outputs = Object.fromEntries(Object.keys(base.output).filter((o) => o.startsWith('cross-stack-output-')).map((o) => {
      literal[o] = o.endsWith('vm_id') ? 9000 : 'rtx4000ada';
      return [o, { value: literal[o], sensitive: true }];
    }));
    const gpu = k3s.resource.proxmox_virtual_environment_vm['k3s-gpu-1'];
    const wire = (name: string, doc: object) => {
      const at = join(dir, 'wire', 'stacks', name);
      mkdirSync(at, { recursive: true });
      writeFileSync(join(at, 'main.tf.json'), JSON.stringify(doc));
      return at;
    };
    // only the backend of each stack: no provider to install (no network)
    const baseDir = wire(L, { terraform: { backend: base.terraform.backend }, output: outputs });
    const k3sDir = wire(`${L}-k3s`, {
      terraform: { backend: k3s.terraform.backend },
      data: { terraform_remote_state: k3s.data.terraform_remote_state },
      resource: { terraform_data: { probe: { input: { vm_id: gpu.clone.vm_id, mapping: gpu.hostpci[0].mapping } } } },
    });
    assert.equal(tf(k3sDir, 'init', '-input=false').status, 0);
    const early = tf(k3sDir, 'plan', '-input=false');
    assert.notEqual(early.status, 0);
    assert.match(early.stderr, /Unable to find remote state/);
    assert.equal(tf(baseDir, 'init', '-input=false').status, 0);
    const applied = tf(baseDir, 'apply', '-auto-approve', '-input=false');
    assert.equal(applied.status, 0, applied.stderr);
    // the base's state is where the profile keeps state, and the consumer's data source reads it
    JSON.parse(readFileSync(join(dir, `terraform.${L}.tfstate`), 'utf8'));
    const later = tf(k3sDir, 'apply', '-auto-approve', '-input=false');
    assert.equal(later.status, 0, later.stderr);
    const state = JSON.parse(readFileSync(join(dir, `terraform.${L}-k3s.tfstate`), 'utf8'));
    const probe = state.resources.find((r: any) => r.type === 'terraform_data').instances[0].attributes.output;
    assert.deepEqual(probe.value, { vm_id: 9000, mapping: 'rtx4000ada' });
  });
});
