/** A small profile object (one host, VLAN-aware bridge) for tests that add one section, and a synth of all its stacks. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProfileInput } from '../../src/schema/profile';
import { synthStacks } from '../../src/synth/synth';

export function labObject(extra: Record<string, unknown> = {}): ProfileInput {
  return {
    name: 'lab',
    hosts: {
      pve: {
        address: '10.0.0.2',
        cpuThreads: 16,
        memoryMiB: 65536,
        storage: {
          local: { type: 'dir', content: ['iso', 'vztmpl', 'snippets', 'import'] },
          'local-zfs': { type: 'zfspool', content: ['images', 'rootdir'] },
        },
        bridges: { vmbr0: { cidr: '10.0.0.0/24', gateway: '10.0.0.1', vlanAware: true, vlans: { '20': { cidr: '10.0.20.0/24', gateway: '10.0.20.1', domain: 'lab.arpa' } } } },
      },
    },
    ...extra,
  } as ProfileInput;
}

/** Every stack's Terraform JSON, by stack name. */
export async function synthAll(profile: ProfileInput | string): Promise<Record<string, any>> {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-test-'));
  return (await synthStacks({ profile, projectDir: dir })).stacks as Record<string, any>;
}
