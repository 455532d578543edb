/** A small lab as a profile object: one VLAN-aware bridge, a VM with an untagged and a tagged NIC. */
import type { ProfileInput } from '../../src/schema/profile';

export const VLAN_LAB: ProfileInput = {
  name: 'vlan-lab',
  hosts: {
    pve: {
      address: '192.168.1.10',
      cpuThreads: 8,
      memoryMiB: 32768,
      storage: { 'local-lvm': { type: 'lvmthin', content: ['images', 'rootdir'] } },
      bridges: {
        vmbr0: { cidr: '192.168.1.0/24', gateway: '192.168.1.1' },
        vmbr1: { vlanAware: true, vlans: { '20': { cidr: '10.20.0.0/24', gateway: '10.20.0.1' }, '30': { cidr: '10.30.0.0/24' } } },
      },
    },
  },
  vms: {
    app: {
      vmId: 300,
      host: 'pve',
      nics: [{ bridge: 'vmbr0', address: '192.168.1.30' }, { bridge: 'vmbr1', vlan: 20, address: '10.20.0.30' }],
      disks: [{ storage: 'local-lvm', sizeGiB: 16 }],
    },
  },
};
