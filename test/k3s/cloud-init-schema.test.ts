import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { synthStack } from '../support/synth';
import { cloudInitSchema } from '../support/cloud-init';
import { fixturePath } from '../support/paths';

/** Every user-data snippet of a synthesized stack, by resource name. */
async function userData(profile: string): Promise<[string, string][]> {
  const tf = await synthStack(profile);
  const files = tf.resource.proxmox_virtual_environment_file ?? {};
  return Object.entries<any>(files).filter(([, f]) => f.content_type === 'snippets').map(([name, f]) => [name, f.source_raw.data]);
}

describe('cloud-init schema (Debian cloud-init) accepts every K3s user-data', () => {
  for (const [label, profile] of [['k3s-three-node (VIP, GPU agent)', 'k3s-three-node'], ['three servers without VIP', fixturePath('invalid', 'rules', 'k3s-servers-without-vip.yaml')]]) {
    it(label, async (t) => {
      const snippets = await userData(profile!);
      assert.ok(snippets.length >= 3, `${snippets.length} snippets`);
      for (const [name, data] of snippets) {
        const r = cloudInitSchema(data);
        if (r.skipped) return t.skip(r.skipped);
        assert.ok(r.ok, `${name}: ${r.output}`);
      }
    });
  }

  it('rejects a broken user-data (the check can fail)', (t) => {
    const r = cloudInitSchema('#cloud-config\nwrite_files:\n  - path: /etc/x\n    permissions: 0600\n    content: 1\n');
    if (r.skipped) return t.skip(r.skipped);
    assert.equal(r.ok, false);
    assert.match(r.output, /permissions/);
  });
});
