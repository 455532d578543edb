/**
 * Facts of a Proxmox node read over SSH, shared by `homelab doctor` and `homelab discover`: each fact is
 * one plain command (`pveversion`, `lspci -nnD`, `ip -j -d link show type bridge`, `pvesh get ...`), run at
 * most once per host and parsed here.
 *
 * Test hook: files of the host (`/proc/cmdline`, `/proc/meminfo`, `/sys/kernel/iommu_groups`,
 * `/etc/pve/qemu-server/*.conf`) are read below `${HOMELAB_ROOT:-}`, which is empty on a real host. The
 * tests' sshd sets HOMELAB_ROOT (and a PATH with recorded `lspci`, `pvesh`, ...) to a fixture tree, so the
 * same commands read recorded facts without shadowing `cat` or `ls`.
 */
import { fullPciAddress } from '../model/resolve-host';
import type { Remote } from './connection';

/** `0000:0d:00.0 0x10de 0x11a3` lines -> address -> `10de:11a3`. */
export function parseSubsystemIds(text: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const m of text.matchAll(/^([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) 0x([0-9a-f]{4}) 0x([0-9a-f]{4})$/gim)) {
    ids.set(m[1]!.toLowerCase(), `${m[2]}:${m[3]}`.toLowerCase());
  }
  return ids;
}

/** A command on the host failed; the check that needed it fails with this message. */
export class RemoteCommandError extends Error {
  override readonly name = 'RemoteCommandError';
  constructor(readonly command: string, readonly code: number | null, readonly stderr: string) {
    super(`\`${command}\` failed${code === null ? '' : ` (exit ${code})`}${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}`);
  }
}

const ROOT = '"${HOMELAB_ROOT:-}"';
/** A host file, read through the test hook prefix. */
const hostPath = (path: string) => `${ROOT}${path}`;

export interface PciFunction {
  /** `0000:0d:00.0` */
  readonly address: string;
  /** Class code, e.g. `0300`. */
  readonly classCode: string;
  readonly className: string;
  /** vendor:device, e.g. `10de:1bb1`. */
  readonly id: string;
  readonly description: string;
}

export interface HostBridge {
  readonly name: string;
  readonly mtu: number;
  readonly vlanFiltering: boolean;
}

export interface HostStorage {
  readonly id: string;
  readonly type: string;
  readonly content: readonly string[];
  readonly shared: boolean;
  readonly disabled: boolean;
  /** Nodes the storage is restricted to; undefined = all nodes. */
  readonly nodes?: readonly string[];
}

export interface Guest {
  readonly vmid: number;
  readonly name: string;
  /** `qemu` or `lxc`. */
  readonly type: string;
  readonly node: string;
  readonly maxmemBytes?: number;
}

export interface HostPciAssignment {
  readonly vmid: number;
  /** `hostpci0` */
  readonly slot: string;
  /** Full address (`0000:0d:00` or `0000:0d:00.0`), undefined for `mapping=` entries. */
  readonly address?: string;
  /** Resource mapping name of a `mapping=` entry. */
  readonly mapping?: string;
}

export interface Memory {
  readonly totalMiB: number;
  readonly availableMiB: number;
}

export class HostFacts {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(readonly remote: Remote) {}

  /** stdout of a command (cached); throws RemoteCommandError when it exits non-zero. */
  output(command: string): Promise<string> {
    let p = this.cache.get(command);
    if (!p) {
      p = this.remote.run(command).then(
        (r) => {
          if (r.code !== 0) throw new RemoteCommandError(command, r.code, r.stderr);
          return r.stdout;
        },
        (err: Error) => {
          throw new RemoteCommandError(command, null, err.message); // e.g. the connection dropped
        },
      );
      this.cache.set(command, p);
    }
    return p;
  }

  private async json<T>(command: string): Promise<T> {
    const text = await this.output(command);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RemoteCommandError(command, 0, `output is not JSON: ${text.slice(0, 80)}`);
    }
  }

  /** `pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.8-2-pve)` */
  async pveVersion(): Promise<string> {
    return (await this.output('pveversion')).trim();
  }

  async nodeName(): Promise<string> {
    return (await this.output('hostname')).trim();
  }

  async threads(): Promise<number> {
    return Number((await this.output('nproc')).trim());
  }

  async memory(): Promise<Memory> {
    const text = await this.output(`cat ${hostPath('/proc/meminfo')}`);
    const kib = (key: string) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
    return { totalMiB: Math.floor(kib('MemTotal') / 1024), availableMiB: Math.floor(kib('MemAvailable') / 1024) };
  }

  async kernelCmdline(): Promise<string> {
    return (await this.output(`cat ${hostPath('/proc/cmdline')}`)).trim();
  }

  async pciFunctions(): Promise<PciFunction[]> {
    return parseLspci(await this.output('lspci -nnD'));
  }

  /** Kernel driver in use per function of a device (`lspci -nnk -D -s <address>`); absent = no driver. */
  async pciDrivers(address: string): Promise<Map<string, string | undefined>> {
    const drivers = new Map<string, string | undefined>();
    let current: string | undefined;
    for (const line of (await this.output(`lspci -nnk -D -s ${address}`)).split('\n')) {
      const head = line.match(/^([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7])\s/i);
      if (head) drivers.set((current = head[1]!.toLowerCase()), undefined);
      const driver = line.match(/^\s+Kernel driver in use:\s*(\S+)/);
      if (driver && current) drivers.set(current, driver[1]);
    }
    return drivers;
  }

  /**
   * Effective permissions of a user, or of its API token when `token` is given: ACL path -> privilege -> 1 when
   * it propagates (`pveum user [token] permissions ... --output-format json`).
   */
  async permissions(user: string, token?: string): Promise<Record<string, Record<string, number>>> {
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    return this.json(token === undefined
      ? `pveum user permissions ${quote(user)} --output-format json`
      : `pveum user token permissions ${quote(user)} ${quote(token)} --output-format json`);
  }

  /** IOMMU group of every PCI function (empty when the IOMMU is off). */
  async iommuGroups(): Promise<Map<string, number>> {
    const dir = hostPath('/sys/kernel/iommu_groups');
    const text = await this.output(`if [ -d ${dir} ]; then cd ${dir} && ls -d */devices/* 2>/dev/null; fi; true`);
    const groups = new Map<string, number>();
    for (const m of text.matchAll(/^(\d+)\/devices\/(\S+)$/gm)) groups.set(m[2]!.toLowerCase(), Number(m[1]));
    return groups;
  }

  /**
   * Subsystem vendor:device of every PCI function, from /sys/bus/pci/devices/<address>/subsystem_vendor and
   * subsystem_device (what a resource mapping's `subsystem-id` must match; empty where sysfs has none).
   */
  async subsystemIds(): Promise<Map<string, string>> {
    const dir = hostPath('/sys/bus/pci/devices');
    return parseSubsystemIds(await this.output(
      `if [ -d ${dir} ]; then cd ${dir} && for d in *; do [ -r "$d/subsystem_vendor" ] && [ -r "$d/subsystem_device" ] || continue; `
      + `echo "$d $(cat "$d/subsystem_vendor") $(cat "$d/subsystem_device")"; done; fi; true`,
    ));
  }

  /** `hostpciN:` lines of the current VM configs of this node (snapshot sections skipped). */
  async hostPciAssignments(): Promise<HostPciAssignment[]> {
    const confs = `${hostPath('/etc/pve/qemu-server/')}*.conf`;
    const text = await this.output(`for f in ${confs}; do [ -e "$f" ] || continue; sed -n '/^\\[/q;/^hostpci[0-9]*:/p' "$f" | sed "s|^|\${f##*/} |"; done`);
    // `hostpci0: 0000:0d:00,pcie=1`, `hostpci1: 0d:00.0;0d:00.1,x-vga=1` or `hostpci2: mapping=p4000` (no address).
    return [...text.matchAll(/^(\d+)\.conf (hostpci\d+):\s*(\S+)/gm)].flatMap((m): HostPciAssignment[] => {
      const first = m[3]!.split(',')[0]!;
      if (first.startsWith('mapping=')) return [{ vmid: Number(m[1]), slot: m[2]!, mapping: first.slice('mapping='.length) }];
      const addresses = first.includes('=') ? [undefined] : first.split(';').map(fullPciAddress);
      return addresses.map((address) => ({ vmid: Number(m[1]), slot: m[2]!, address }));
    });
  }

  async bridges(): Promise<HostBridge[]> {
    const links = await this.json<{ ifname: string; mtu: number; linkinfo?: { info_data?: { vlan_filtering?: number } } }[]>('ip -j -d link show type bridge');
    return links.map((l) => ({ name: l.ifname, mtu: l.mtu, vlanFiltering: (l.linkinfo?.info_data?.vlan_filtering ?? 0) === 1 }));
  }

  /** IPv4 addresses by interface, with their prefix (`ip -j addr`). */
  async ipv4Addresses(): Promise<Map<string, { ip: string; prefix: number }[]>> {
    const links = await this.json<{ ifname: string; addr_info?: { family: string; local: string; prefixlen: number }[] }[]>('ip -j addr');
    return new Map(links.map((l) => [l.ifname, (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => ({ ip: a.local, prefix: a.prefixlen }))]));
  }

  /** The default route (`ip -j route`). */
  async defaultRoute(): Promise<{ gateway: string; dev: string } | undefined> {
    const routes = await this.json<{ dst: string; gateway?: string; dev: string }[]>('ip -j route');
    const r = routes.find((x) => x.dst === 'default' && x.gateway);
    return r ? { gateway: r.gateway!, dev: r.dev } : undefined;
  }

  async storage(): Promise<HostStorage[]> {
    const list = await this.json<{ storage: string; type: string; content?: string; shared?: number; disable?: number; nodes?: string }[]>('pvesh get /storage --output-format json');
    return list.map((s) => ({
      id: s.storage,
      type: s.type,
      content: (s.content ?? '').split(',').map((c) => c.trim()).filter(Boolean),
      shared: s.shared === 1,
      disabled: s.disable === 1,
      nodes: s.nodes ? s.nodes.split(',') : undefined,
    }));
  }

  /** VMs and containers of the whole cluster. */
  async guests(): Promise<Guest[]> {
    const list = await this.json<{ vmid: number; name?: string; type: string; node: string; maxmem?: number }[]>('pvesh get /cluster/resources --type vm --output-format json');
    return list
      .map((g) => ({ vmid: g.vmid, name: g.name ?? '', type: g.type, node: g.node, maxmemBytes: g.maxmem }))
      .sort((a, b) => a.vmid - b.vmid);
  }
}

/** Parses `lspci -nnD` lines: `0000:0d:00.0 VGA compatible controller [0300]: NVIDIA ... [10de:1bb1] (rev a1)`. */
export function parseLspci(text: string): PciFunction[] {
  const re = /^([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) (.+?) \[([0-9a-f]{4})\]: (.*) \[([0-9a-f]{4}:[0-9a-f]{4})\](?: \(rev [0-9a-f]+\))?(?: \(prog-if .*\))?\s*$/i;
  return text.split('\n').flatMap((line) => {
    const m = line.match(re);
    if (!m) return [];
    return [{ address: m[1]!.toLowerCase(), className: m[2]!, classCode: m[3]!.toLowerCase(), description: m[4]!, id: m[5]!.toLowerCase() }];
  });
}

/** Whether two PCI addresses overlap: equal, or one is a whole device (`0000:0d:00`) holding the other function. */
export function pciOverlaps(a: string, b: string): boolean {
  const [x, y] = [fullPciAddress(a), fullPciAddress(b)];
  return x === y || x.startsWith(`${y}.`) || y.startsWith(`${x}.`);
}
