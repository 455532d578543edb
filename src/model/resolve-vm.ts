/** Resolves a VM spec (stand-alone or a cluster node) against its host: defaults, NICs, disks, PCI. */
import { NIC_DEFAULTS, VM_DEFAULTS } from '../defaults';
import type { DiskInput, NicInput, PassthroughInput, VmSpecInput } from '../schema/vm';
import { gpuOf } from './gpu';
import { deriveMac } from './mac';
import { splitAddress } from './net';
import type { Problems } from './problems';
import { fullPciAddress } from './resolve-host';
import type { PciMapping } from './infra-types';
import type { Disk, Host, Nic, Passthrough, Vm } from './types';

const list = (names: Iterable<string>) => [...names].join(', ') || '(none)';

export function resolveNic(path: string, host: Host, vmId: number, nic: NicInput, index: number, problems: Problems): Nic {
  const bridge = host.bridges.get(nic.bridge);
  if (!bridge) {
    problems.add(`${path}.bridge`, `bridge "${nic.bridge}" is not defined on host "${host.key}"`,
      `use one of ${list(host.bridges.keys())} or add ${nic.bridge} to hosts.${host.key}.bridges`);
  }
  const network = nic.vlan !== undefined ? bridge?.vlans.get(nic.vlan) : bridge?.network;
  let ip: string | undefined;
  let prefix: number | undefined;
  const dhcp = nic.address === 'dhcp';
  if (nic.address && !dhcp) {
    const fallback = network ? Number(network.cidr.split('/')[1]) : undefined;
    ({ ip, prefix } = splitAddress(nic.address, fallback));
    if (prefix === undefined && bridge) {
      problems.add(`${path}.address`, `address ${nic.address} has no prefix and ${nic.vlan !== undefined ? `VLAN ${nic.vlan} of ` : ''}bridge "${nic.bridge}" has no cidr`,
        `write it as ${nic.address}/24 (your prefix) or set a cidr on hosts.${host.key}.bridges.${nic.bridge}`);
    }
  }
  const gateway = nic.gateway === false ? undefined : (nic.gateway ?? (index === 0 && !dhcp ? network?.gateway : undefined));
  return {
    index,
    bridge: nic.bridge,
    vlanId: nic.vlan,
    mtu: nic.mtu ?? bridge?.mtu ?? VM_DEFAULTS.mtu,
    mac: (nic.mac ?? deriveMac(vmId, index)).toUpperCase(),
    alias: nic.name ?? `${NIC_DEFAULTS.aliasPrefix}${index}`,
    model: nic.model ?? VM_DEFAULTS.nicModel,
    firewall: nic.firewall ?? false,
    ip,
    prefix,
    dhcp,
    gateway,
    network,
  };
}

/** Guest device names per bus, in slot order: virtio -> vda.., scsi/sata/ide -> sda... */
function deviceNames(interfaces: readonly string[]): string[] {
  const letter = (n: number) => String.fromCharCode(97 + n);
  const slot = (i: string) => Number(i.replace(/^\D+/, ''));
  const busRank = (i: string) => ['scsi', 'sata', 'ide'].indexOf(i.replace(/\d+$/, ''));
  const virtio = interfaces.filter((i) => i.startsWith('virtio')).sort((a, b) => slot(a) - slot(b));
  const sd = interfaces.filter((i) => !i.startsWith('virtio')).sort((a, b) => busRank(a) - busRank(b) || slot(a) - slot(b));
  return interfaces.map((i) => (i.startsWith('virtio') ? `/dev/vd${letter(virtio.indexOf(i))}` : `/dev/sd${letter(sd.indexOf(i))}`));
}

function byIdPath(iface: string, serial: string): string {
  if (iface.startsWith('virtio')) return `/dev/disk/by-id/virtio-${serial}`;
  if (iface.startsWith('scsi')) return `/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_${serial}`;
  return `/dev/disk/by-id/ata-QEMU_HARDDISK_${serial}`;
}

export function resolveDisks(path: string, host: Host, disks: readonly DiskInput[], problems: Problems): Disk[] {
  const interfaces = disks.map((d, i) => d.interface ?? `${VM_DEFAULTS.diskBus}${i}`);
  const devices = deviceNames(interfaces);
  return disks.map((d, index) => {
    if (!host.storage.has(d.storage)) {
      problems.add(`${path}[${index}].storage`, `storage "${d.storage}" is not defined on host "${host.key}"`,
        `use one of ${list(host.storage.keys())} or add it to hosts.${host.key}.storage`);
    }
    const purpose = d.purpose ?? (index === 0 ? 'os' : 'data');
    const serial = d.serial ?? `${purpose}${index}`;
    const iface = interfaces[index]!;
    return {
      index,
      interface: iface,
      storage: d.storage,
      sizeGiB: d.sizeGiB,
      purpose,
      ssd: d.ssd ?? false,
      discard: d.discard ?? true,
      iothread: d.iothread ?? true,
      serial,
      device: devices[index]!,
      byIdPath: byIdPath(iface, serial),
    };
  });
}

/**
 * Resolves PCI passthrough. `mappings` are the lab's declared PCI resource mappings; when given, a
 * `mapping` must name one of them with a device on the VM's host, and its kind and id are taken from it.
 */
export function resolvePassthrough(
  path: string,
  host: Host,
  pci: readonly PassthroughInput[],
  problems: Problems,
  mappings?: ReadonlyMap<string, PciMapping>,
): Passthrough[] {
  return pci.map((p, index) => {
    const device = p.device !== undefined ? host.pci.get(p.device) : undefined;
    if (p.device !== undefined && !device) {
      problems.add(`${path}[${index}].device`, `PCI device "${p.device}" is not defined on host "${host.key}"`,
        `use one of ${list(host.pci.keys())} or add it to hosts.${host.key}.pci`);
    }
    const mapping = p.mapping !== undefined ? mappings?.get(p.mapping) : undefined;
    if (p.mapping !== undefined && mappings && !mapping) {
      problems.add(`${path}[${index}].mapping`, `PCI mapping "${p.mapping}" is not defined`,
        `use one of ${list(mappings.keys())} or add it under proxmox.mappings`);
    } else if (mapping && !mapping.map.some((e) => e.host.key === host.key)) {
      problems.add(`${path}[${index}].mapping`, `PCI mapping "${mapping.name}" has no device on host "${host.key}"`,
        `add an entry { host: ${host.key}, device: ... } to proxmox.mappings.${mapping.name}.map or move the VM`);
    }
    return {
      slot: `hostpci${index}`,
      address: device?.address ?? (p.address ? fullPciAddress(p.address) : undefined),
      mapping: p.mapping,
      device,
      pcie: p.pcie ?? true,
      rombar: p.rombar ?? true,
      xvga: p.xvga ?? false,
      kind: p.kind ?? device?.kind ?? mapping?.kind ?? 'other',
      id: device?.id ?? mapping?.id,
    };
  });
}

export function resolveVm(
  path: string,
  name: string,
  spec: VmSpecInput,
  hosts: ReadonlyMap<string, Host>,
  problems: Problems,
  mappings?: ReadonlyMap<string, PciMapping>,
): Vm | undefined {
  const host = hosts.get(spec.host);
  if (!host) {
    problems.add(`${path}.host`, `host "${spec.host}" is not defined`, `use one of ${list(hosts.keys())} or add it under hosts`);
    return undefined;
  }
  const nics = spec.nics.map((n, i) => resolveNic(`${path}.nics[${i}]`, host, spec.vmId, n, i, problems));
  const pci = resolvePassthrough(`${path}.pci`, host, spec.pci ?? [], problems, mappings);
  const ci = spec.cloudInit;
  return {
    path,
    name,
    vmId: spec.vmId,
    host,
    description: spec.description,
    tags: [...(spec.tags ?? [])].sort(),
    cores: spec.cores ?? VM_DEFAULTS.cores,
    sockets: spec.sockets ?? VM_DEFAULTS.sockets,
    cpuType: spec.cpuType ?? VM_DEFAULTS.cpuType,
    memoryMiB: spec.memoryMiB ?? VM_DEFAULTS.memoryMiB,
    machine: spec.machine ?? VM_DEFAULTS.machine,
    bios: spec.bios ?? VM_DEFAULTS.bios,
    nics,
    disks: resolveDisks(`${path}.disks`, host, spec.disks ?? [], problems),
    pci,
    cloudInit: ci && {
      user: ci.user,
      sshKeys: ci.sshKeys ?? [],
      dns: ci.dns ?? nics[0]?.network?.dns ?? [],
      domain: ci.domain ?? nics[0]?.network?.domain,
      datastore: ci.datastore ?? spec.disks?.[0]?.storage ?? 'local',
    },
    started: spec.started ?? VM_DEFAULTS.started,
    onBoot: spec.onBoot ?? VM_DEFAULTS.onBoot,
    agent: spec.agent ?? VM_DEFAULTS.agent,
    tpm: spec.tpm ?? false,
    gpu: gpuOf(pci),
    migrate: spec.migrate ?? false,
  };
}
