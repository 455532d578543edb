/**
 * A recorded Proxmox node for the SSH tests: `bin/` holds `pveversion`, `hostname`, `nproc`, `lspci`, `ip`
 * and `pvesh`, each printing what a real host printed for the same arguments (`out/<command args>`), and
 * `root/` the host files doctor reads below HOMELAB_ROOT (/proc/cmdline, /proc/meminfo,
 * /sys/kernel/iommu_groups, /etc/pve/qemu-server/*.conf). `ruapehu()` is the host of
 * ../shared/reference-homelabs/triple-nic-mayastor.md; tests change one fact at a time.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PciFixture {
  /** An `lspci -nnD` line. */
  readonly line: string;
  readonly driver?: string;
  readonly modules?: string;
  readonly iommuGroup?: number;
  /** Subsystem vendor:device: /sys/bus/pci/devices/<address>/subsystem_{vendor,device} (none when left out). */
  readonly subsystem?: string;
}

export interface HostFixture {
  hostname: string;
  /** Left out: the command is missing (not a Proxmox VE host). */
  pveversion?: string;
  nproc: number;
  memTotalKiB: number;
  memAvailableKiB: number;
  cmdline: string;
  pci: PciFixture[];
  /** `ip -j -d link show type bridge` entries (name, mtu, vlan_filtering). */
  bridges: { name: string; mtu: number; vlanFiltering?: boolean }[];
  /** IPv4 address/prefix per interface. */
  addresses: Record<string, string>;
  gateway: { via: string; dev: string };
  storage: Record<string, unknown>[];
  guests: { vmid: number; name: string; type: 'qemu' | 'lxc'; node: string; maxmem: number }[];
  /** /etc/pve/qemu-server/<vmid>.conf */
  vmConfigs: Record<number, string>;
  /** With false the IOMMU is off: no /sys/kernel/iommu_groups entries. */
  iommu: boolean;
  /**
   * `pveum user token permissions <user> <token> --output-format json` (or `pveum user permissions <user>` without
   * a token): ACL path -> privilege -> 1 when it propagates.
   */
  permissions?: { user: string; token?: string; grants: Record<string, Record<string, number>> };
}

const GiB = 1024 ** 3;

/** ruapehu: i9-12900K (24 threads), 62 GiB usable, Quadro P4000 at 0000:0d:00 bound to vfio-pci. */
export function ruapehu(): HostFixture {
  return {
    hostname: 'ruapehu',
    pveversion: 'pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.8-2-pve)',
    nproc: 24,
    memTotalKiB: 65_755_928,
    memAvailableKiB: 3_901_112,
    cmdline: 'BOOT_IMAGE=/boot/vmlinuz-6.8.8-2-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt',
    pci: [
      { line: '0000:00:00.0 Host bridge [0600]: Intel Corporation 12th Gen Core Processor Host Bridge/DRAM Registers [8086:4660] (rev 02)', iommuGroup: 0 },
      { line: '0000:00:01.0 PCI bridge [0604]: Intel Corporation 12th Gen Core Processor PCI Express x16 Controller #1 [8086:460d] (rev 02)', driver: 'pcieport', iommuGroup: 1 },
      { line: '0000:00:02.0 VGA compatible controller [0300]: Intel Corporation AlderLake-S GT1 [8086:4680] (rev 0c)', driver: 'i915', modules: 'i915', iommuGroup: 2 },
      { line: '0000:00:17.0 SATA controller [0106]: Intel Corporation Alder Lake-S PCH SATA Controller [AHCI Mode] [8086:7ae2] (rev 11)', driver: 'ahci', modules: 'ahci', iommuGroup: 7 },
      { line: '0000:01:00.0 Ethernet controller [0200]: Mellanox Technologies MT27520 Family [ConnectX-3 Pro] [15b3:1007]', driver: 'mlx4_core', modules: 'mlx4_core', iommuGroup: 12 },
      { line: '0000:04:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller SM981/PM981/PM983 [144d:a808]', driver: 'nvme', modules: 'nvme', iommuGroup: 13 },
      { line: '0000:05:00.0 Ethernet controller [0200]: Intel Corporation Ethernet Controller I225-V [8086:15f3] (rev 03)', driver: 'igc', modules: 'igc', iommuGroup: 14 },
      { line: '0000:0c:00.0 Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller PM9A1/PM9A3/980PRO [144d:a80a]', driver: 'nvme', modules: 'nvme', iommuGroup: 15 },
      { line: '0000:0d:00.0 VGA compatible controller [0300]: NVIDIA Corporation GP104GL [Quadro P4000] [10de:1bb1] (rev a1)', driver: 'vfio-pci', modules: 'nvidiafb, nouveau', iommuGroup: 16, subsystem: '10de:11a3' },
      { line: '0000:0d:00.1 Audio device [0403]: NVIDIA Corporation GP104 High Definition Audio Controller [10de:10f0] (rev a1)', driver: 'vfio-pci', modules: 'snd_hda_intel', iommuGroup: 16, subsystem: '10de:11a3' },
    ],
    bridges: [{ name: 'vmbr0', mtu: 1500 }, { name: 'vmbr3', mtu: 9000 }, { name: 'vmbr4', mtu: 1500 }],
    addresses: { vmbr0: '10.10.0.10/24', vmbr3: '10.40.0.1/24' }, // 10.40.0.1: chosen, the fact sheet gives no host address on vmbr3
    gateway: { via: '10.10.0.1', dev: 'vmbr0' },
    storage: [
      { storage: 'local', type: 'dir', path: '/var/lib/vz', content: 'iso,vztmpl,backup,snippets,import', digest: 'e1b3c0' },
      { storage: 'local-lvm', type: 'lvmthin', thinpool: 'data', vgname: 'pve', content: 'rootdir,images', digest: 'e1b3c0' },
      { storage: 'ranginui', type: 'zfspool', pool: 'ranginui', content: 'images,rootdir', sparse: 1, digest: 'e1b3c0' },
    ],
    guests: [
      { vmid: 400, name: 'talos-cp-1', type: 'qemu', node: 'ruapehu', maxmem: 8 * GiB },
      { vmid: 401, name: 'talos-worker-1', type: 'qemu', node: 'ruapehu', maxmem: 16 * GiB },
      { vmid: 402, name: 'talos-worker-2', type: 'qemu', node: 'ruapehu', maxmem: 16 * GiB },
      { vmid: 403, name: 'talos-worker-3', type: 'qemu', node: 'ruapehu', maxmem: 14 * GiB },
      { vmid: 450, name: 'plex', type: 'qemu', node: 'ruapehu', maxmem: 8 * GiB },
    ],
    vmConfigs: {
      400: 'boot: order=virtio0\ncores: 4\nmemory: 8192\nname: talos-cp-1\nnet0: virtio=02:00:00:01:90:00,bridge=vmbr0\n',
      450: 'boot: order=virtio0\ncores: 5\ncpu: host\nhostpci0: 0000:0d:00,pcie=1,rombar=1\nmachine: q35\nmemory: 8192\nname: plex\n' +
        'net0: virtio=02:00:00:01:C2:00,bridge=vmbr0\nnet1: virtio=02:00:00:01:C2:01,bridge=vmbr3\n\n[pre-upgrade]\nhostpci0: 0000:0c:00.0\nname: plex\n',
    },
    iommu: true,
  };
}

/** `command args` -> the file name the fixture `bin/` scripts look for (same rule as `tr -c`). */
const key = (commandLine: string) => commandLine.replace(/[^A-Za-z0-9._-]/g, '_');

const COMMAND = `#!/bin/sh
# Recorded command: prints out/<command args> of the fixture, or fails like a missing command.
out="$(dirname "$0")/../out/$(printf '%s' "$(basename "$0") $*" | tr -c 'A-Za-z0-9._-' '_')"
[ -f "$out" ] && exec cat "$out"
echo "$(basename "$0"): no recorded output for: $*" >&2
exit 127
`;

/** Writes (or rewrites) the fixture tree of `host` at `dir`. */
export function writeFixture(dir: string, host: HostFixture): void {
  rmSync(dir, { recursive: true, force: true });
  for (const d of ['bin', 'out', 'root/proc', 'root/sys/kernel/iommu_groups', 'root/etc/pve/qemu-server']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'bin', 'recorded'), COMMAND);
  chmodSync(join(dir, 'bin', 'recorded'), 0o755);
  for (const c of ['pveversion', 'hostname', 'nproc', 'lspci', 'ip', 'pvesh', 'pveum']) symlinkSync('recorded', join(dir, 'bin', c));
  const record = (commandLine: string, text: string) => writeFileSync(join(dir, 'out', key(commandLine)), text.endsWith('\n') ? text : `${text}\n`);

  if (host.pveversion !== undefined) record('pveversion ', host.pveversion);
  record('hostname ', host.hostname);
  record('nproc ', String(host.nproc));
  record('lspci -nnD', host.pci.map((p) => p.line).join('\n'));
  const addr = (p: PciFixture) => p.line.split(' ')[0]!;
  const verbose = (p: PciFixture) => `${p.line}\n\tSubsystem: ${p.line.match(/\[([0-9a-f]{4}):/)![1]}:0000\n` +
    `${p.driver ? `\tKernel driver in use: ${p.driver}\n` : ''}${p.modules ? `\tKernel modules: ${p.modules}\n` : ''}`;
  for (const slot of new Set(host.pci.map((p) => addr(p).replace(/\.\d$/, '')))) {
    record(`lspci -nnk -D -s ${slot}`, host.pci.filter((p) => addr(p).startsWith(`${slot}.`)).map(verbose).join(''));
  }
  for (const p of host.pci) record(`lspci -nnk -D -s ${addr(p)}`, verbose(p));

  record('ip -j -d link show type bridge', JSON.stringify(host.bridges.map((b, i) => ({
    ifindex: 5 + i, ifname: b.name, flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: b.mtu, qdisc: 'noqueue', operstate: 'UP',
    linkmode: 'DEFAULT', group: 'default', txqlen: 1000, link_type: 'ether', address: `58:47:ca:70:0${i}:1a`, broadcast: 'ff:ff:ff:ff:ff:ff',
    promiscuity: 0, min_mtu: 68, max_mtu: 65535,
    linkinfo: { info_kind: 'bridge', info_data: { forward_delay: 0, hello_time: 200, max_age: 2000, ageing_time: 30000, stp_state: 0, priority: 32768, vlan_filtering: b.vlanFiltering ? 1 : 0, vlan_protocol: '802.1Q' } },
  }))));
  const links = ['lo', 'enp5s0', ...host.bridges.map((b) => b.name)];
  record('ip -j addr', JSON.stringify(links.map((ifname, i) => {
    const [local, prefixlen] = ifname === 'lo' ? ['127.0.0.1', '8'] : (host.addresses[ifname] ?? '').split('/');
    return { ifindex: i + 1, ifname, mtu: host.bridges.find((b) => b.name === ifname)?.mtu ?? 1500, addr_info: local ? [{ family: 'inet', local, prefixlen: Number(prefixlen), scope: ifname === 'lo' ? 'host' : 'global', label: ifname }] : [] };
  })));
  record('ip -j route', JSON.stringify([
    { dst: 'default', gateway: host.gateway.via, dev: host.gateway.dev, protocol: 'kernel', flags: ['onlink'] },
    ...Object.entries(host.addresses).map(([dev, a]) => ({ dst: a.replace(/\.\d+\//, '.0/'), dev, protocol: 'kernel', scope: 'link', prefsrc: a.split('/')[0], flags: [] })),
  ]));
  record('pvesh get /storage --output-format json', JSON.stringify(host.storage));
  record('pvesh get /cluster/resources --type vm --output-format json', JSON.stringify(host.guests.map((g) => ({
    id: `${g.type}/${g.vmid}`, vmid: g.vmid, name: g.name, type: g.type, node: g.node, status: 'running', maxmem: g.maxmem, maxcpu: 4, template: 0,
  }))));

  if (host.permissions) {
    const { user, token, grants } = host.permissions;
    record(token ? `pveum user token permissions ${user} ${token} --output-format json` : `pveum user permissions ${user} --output-format json`, JSON.stringify(grants));
  }

  writeFileSync(join(dir, 'root/proc/cmdline'), `${host.cmdline}\n`);
  writeFileSync(join(dir, 'root/proc/meminfo'), `MemTotal:       ${host.memTotalKiB} kB\nMemFree:         1203344 kB\nMemAvailable:   ${host.memAvailableKiB} kB\nBuffers:          301244 kB\n`);
  if (host.iommu) {
    for (const p of host.pci.filter((x) => x.iommuGroup !== undefined)) {
      mkdirSync(join(dir, 'root/sys/kernel/iommu_groups', String(p.iommuGroup), 'devices'), { recursive: true });
      writeFileSync(join(dir, 'root/sys/kernel/iommu_groups', String(p.iommuGroup), 'devices', addr(p)), '');
    }
  }
  for (const p of host.pci.filter((x) => x.subsystem !== undefined)) {
    const dev = join(dir, 'root/sys/bus/pci/devices', addr(p));
    mkdirSync(dev, { recursive: true });
    const [vendor, device] = p.subsystem!.split(':');
    writeFileSync(join(dev, 'subsystem_vendor'), `0x${vendor}\n`);
    writeFileSync(join(dev, 'subsystem_device'), `0x${device}\n`);
  }
  for (const [vmid, text] of Object.entries(host.vmConfigs)) writeFileSync(join(dir, 'root/etc/pve/qemu-server', `${vmid}.conf`), text);
}
