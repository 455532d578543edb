/** A lab written in code (no profile): a LabStack in a test app, two hosts' props, and Terraform JSON of a stack. */
import assert from 'node:assert/strict';
import { ProfileError } from '../../src/errors';
import { Testing } from '../../src/cdktf';
import type { HostProps } from '../../src/constructs/proxmox/host';
import { LabStack, type LabStackProps } from '../../stacks/lab-stack';

export const PVE: HostProps = {
  address: '10.10.0.10',
  cpuThreads: 16,
  memoryMiB: 65536,
  storage: {
    local: { type: 'dir', content: ['iso', 'vztmpl', 'snippets', 'import'] },
    'local-lvm': { type: 'lvmthin', content: ['images', 'rootdir'] },
  },
  bridges: { vmbr0: { cidr: '10.10.0.0/24', gateway: '10.10.0.1', vlans: { '20': { cidr: '10.10.20.0/24', gateway: '10.10.20.1' } } }, vmbr3: { cidr: '10.40.0.0/24', mtu: 9000 } },
  pci: { p4000: { address: '0000:0d:00', id: '10de:1bb1', kind: 'gpu', iommuGroup: 14, subsystemId: '10de:11a3' } },
};

export const PVE2: HostProps = { ...PVE, address: '10.10.0.11', pci: {} };

/** An empty code-first lab stack named media-lab. */
export function codeLab(props: LabStackProps = {}): LabStack {
  return new LabStack(Testing.app(), 'media-lab', { proxmox: { insecure: true }, ...props });
}

/** The stack's Terraform JSON (`Testing.synth`, with validations: the whole-lab checks run). */
export function synthJson(stack: LabStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** A one-disk, one-NIC VM spec on `host`, installed from an ISO. */
export function vmSpec(vmId: number, address: string, host: string = 'pve') {
  return { vmId, host, cpuType: 'host', iso: 'local:iso/debian-13.iso', nics: [{ bridge: 'vmbr0', address }], disks: [{ storage: 'local-lvm', sizeGiB: 32 }] };
}

/** The problems of the ProfileError `fn` throws, as `path: message` lines. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ProfileError, String(err));
    return err.problems.map((p) => `${p.path}: ${p.message}`);
  }
  return assert.fail('no error thrown');
}
