/**
 * The privilege oracle: which Proxmox privileges on which ACL paths the Terraform user needs to apply the lab,
 * computed from the model, one entry per operation with the profile field that asks for it. The rules follow
 * the permission checks of the Proxmox API handlers bpg calls (commits: qemu-server e6352be, pve-container
 * 94f5585, pve-storage 0c56bad, pve-access-control 5ccd07d, pve-guest-common 4a8f6cb):
 * - VM create/config: qemu-server `src/PVE/API2/Qemu.pm` create_vm (VM.Allocate on /vms/<id>),
 *   $check_vm_modify_config_perm (cpu -> VM.Config.CPU, memory -> VM.Config.Memory, machine/scsihw ->
 *   VM.Config.HWType, name/onboot/agent/bios/ostype/template -> VM.Config.Options, net -> VM.Config.Network,
 *   cloud-init options and ipconfig -> VM.Config.Cloudinit), $check_storage_access (new disks ->
 *   Datastore.AllocateSpace on /storage/<id>; an existing ISO/import volume -> check_volume_access), the
 *   cloud-init drive (VM.Config.Cloudinit or VM.Config.CDROM), check_hostpci_perm (a mapping -> Mapping.Use on
 *   /mapping/pci/<id> and VM.Config.HWType), clone_vm (VM.Clone on the source, VM.Allocate on the new id),
 *   migrate_vm (VM.Migrate), vm_start/stop (VM.PowerMgmt);
 * - bridges: `QemuServer.pm` check_bridge_access -> pve-guest-common `src/PVE/GuestHelpers.pm`
 *   check_vnet_access: SDN.Use on /sdn/zones/localnetwork/<bridge> (PVE >= 8; /<bridge>/<tag> for a VLAN tag,
 *   which an ACL on the bridge with propagation covers);
 * - volumes: pve-storage `src/PVE/Storage.pm` check_volume_access (iso, vztmpl, import volumes ->
 *   Datastore.AllocateSpace or Datastore.Audit on their storage);
 * - downloads: pve-storage `src/PVE/API2/Storage/Status.pm` download_url (Datastore.AllocateTemplate on the
 *   storage and Sys.AccessNetwork on /nodes/<node>, or Sys.Audit + Sys.Modify on /); uploads (upload:
 *   Datastore.AllocateTemplate). bpg uploads snippets over SSH and reads the storage with the API
 *   (`src/PVE/API2/Storage/Content.pm` index filters by check_volume_access; delete needs Datastore.Allocate);
 * - containers: pve-container `src/PVE/API2/LXC.pm` create_vm (VM.Allocate; a privileged container needs
 *   Sys.Modify on /; the template -> check_volume_access) and `src/PVE/LXC.pm` check_ct_modify_config_perm
 *   (rootfs/mp -> VM.Config.Disk + Datastore.AllocateSpace, net/hostname/DNS -> VM.Config.Network, nesting ->
 *   VM.Allocate, the rest -> VM.Config.Options);
 * - mappings: Mapping.Modify on /mapping/pci to create one (pve-manager `PVE/API2/Cluster/Mapping/PCI.pm`),
 *   Mapping.Audit to read it back;
 * - the access stack: `src/PVE/API2/Role.pm` create_role (Sys.Modify on /access), `src/PVE/API2/User.pm`
 *   create_user (Realm.AllocateUser on /access/realm/<realm>, User.Modify on /access/groups),
 *   generate_token (User.Modify), `src/PVE/API2/ACL.pm` update_acl (Permissions.Modify on the path).
 * Reading back what Terraform created needs the matching Audit privileges (VM.Audit, Datastore.Audit).
 * Root-only operations are not privileges: see root-only.ts.
 */
import { k3sNodes } from '../model/resolve';
import type { Container } from '../model/infra-types';
import type { Lab, Vm } from '../model/types';
import { emitMigrate } from './migration';
import { clonesThenMigrates } from '../model/clone-storage';

export interface PrivilegeNeed {
  /** ACL path, e.g. `/vms/450`, `/storage/local-zfs`, `/sdn/zones/localnetwork/vmbr0`. */
  readonly path: string;
  readonly privilege: string;
  /** What Terraform does that needs it, e.g. `create VM plex`. */
  readonly why: string;
  /** The profile field that asks for it. */
  readonly field: string;
}

/** The SDN zone Proxmox puts plain Linux bridges in (GuestHelpers.pm check_vnet_access). */
export const LOCAL_ZONE = '/sdn/zones/localnetwork';

class Needs {
  readonly list: PrivilegeNeed[] = [];
  add(path: string, privileges: readonly string[], why: string, field: string): void {
    for (const privilege of privileges) this.list.push({ path, privilege, why, field });
  }
}

const VM_BASE = ['VM.Allocate', 'VM.Audit', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.HWType', 'VM.Config.Options', 'VM.Config.Network', 'VM.Config.Disk', 'VM.PowerMgmt'];

/**
 * A full clone of a template (qemu-server clone_vm: VM.Clone on the source, space on the target storage). A
 * cross-node clone is made on the template's shared storage, then bpg moves the disks; from a template on local
 * storage bpg clones on its node and migrates the new VM (clone-storage.ts), which takes VM.Migrate.
 */
function cloneNeeds(n: Needs, vm: Vm, from: { vmId: number; image: string; storage: string; migrates: boolean }, field: string, storageField = field): void {
  n.add(`/vms/${from.vmId}`, ['VM.Clone', 'VM.Audit'], `clone ${vm.name} from template ${from.image}`, field);
  n.add(`/storage/${from.storage}`, ['Datastore.AllocateSpace'], `clone ${vm.name} onto ${from.storage}`, storageField);
  if (from.migrates) n.add(`/vms/${vm.vmId}`, ['VM.Migrate'], `move the clone ${vm.name} from the template's node to ${vm.host.nodeName}`, field);
}

function vmNeeds(n: Needs, vm: Vm, opts: { template?: boolean; bootImage?: { storage: string; field: string } } = {}): void {
  const vmPath = `/vms/${vm.vmId}`;
  const what = `${opts.template ? 'template' : 'VM'} ${vm.name}`;
  n.add(vmPath, VM_BASE, `create and configure ${what}`, vm.path);
  if (vm.agent) n.add(vmPath, ['VM.GuestAgent.Audit'], `read the addresses of ${what} from the guest agent`, `${vm.path}.agent`);
  if (emitMigrate(vm)) n.add(vmPath, ['VM.Migrate'], `migrate ${what} to another node`, `${vm.path}.migrate`);
  // A template's fields are the image's: `images.<name>.datastore` and `.bridge`.
  const diskField = (i: number) => (opts.template ? `${vm.path}.datastore` : `${vm.path}.disks[${i}].storage`);
  const nicField = (i: number) => (opts.template ? `${vm.path}.bridge` : `${vm.path}.nics[${i}].bridge`);
  vm.disks.forEach((d, i) => n.add(`/storage/${d.storage}`, ['Datastore.AllocateSpace', 'Datastore.Audit'], `allocate disk ${i} of ${what}`, diskField(i)));
  if (vm.cloudInit) {
    n.add(vmPath, ['VM.Config.Cloudinit', 'VM.Config.CDROM'], `attach and fill the cloud-init drive of ${what}`, `${vm.path}.cloudInit`);
    n.add(`/storage/${vm.cloudInit.datastore}`, ['Datastore.AllocateSpace'], `allocate the cloud-init drive of ${what}`, opts.template ? `${vm.path}.datastore` : `${vm.path}.cloudInit.datastore`);
  }
  vm.nics.forEach((nic, i) => n.add(`${LOCAL_ZONE}/${nic.bridge}`, ['SDN.Use'], `attach NIC ${i} of ${what} to ${nic.bridge}${nic.vlanId ? ` (VLAN ${nic.vlanId})` : ''}`, nicField(i)));
  vm.pci.forEach((p, i) => {
    if (p.mapping !== undefined) n.add(`/mapping/pci/${p.mapping}`, ['Mapping.Use'], `pass mapping ${p.mapping} to ${what}`, `${vm.path}.pci[${i}].mapping`);
  });
  const os = vm.os;
  if (os?.kind === 'clone') cloneNeeds(n, vm, { vmId: os.templateVmId, image: os.image, storage: os.storage, migrates: os.migrates }, `${vm.path}.clone`);
  if (os?.kind === 'iso') {
    n.add(vmPath, ['VM.Config.CDROM'], `insert the installer ISO of ${what}`, `${vm.path}.iso`);
    n.add(`/storage/${os.fileId.split(':')[0]}`, ['Datastore.Audit'], `use ${os.fileId}`, `${vm.path}.iso`);
  }
  if (os?.kind === 'import') n.add(`/storage/${os.fileId.split(':')[0]}`, ['Datastore.Audit'], `import ${os.fileId}`, `${vm.path}.import`);
  if (opts.bootImage) n.add(`/storage/${opts.bootImage.storage}`, ['Datastore.Audit'], `import the boot image of ${what}`, opts.bootImage.field);
}

/*
 * Deleting a file through the API (destroy, replacement) needs Datastore.Allocate on its storage (pve-storage
 * `src/PVE/API2/Storage/Content.pm` delete), and the content listing bpg reads files back with hides volumes
 * check_volume_access refuses: a snippet (no owner, not iso/vztmpl/import) is visible with Datastore.Allocate only.
 */
function downloadNeeds(n: Needs, storage: string, nodeName: string, why: string, field: string): void {
  n.add(`/storage/${storage}`, ['Datastore.AllocateTemplate', 'Datastore.Audit'], why, field);
  n.add(`/storage/${storage}`, ['Datastore.Allocate'], `${why} (and delete it on destroy)`, field);
  n.add(`/nodes/${nodeName}`, ['Sys.AccessNetwork'], why, field);
}

function snippetNeeds(n: Needs, storage: string, why: string, field: string): void {
  n.add(`/storage/${storage}`, ['Datastore.Allocate', 'Datastore.AllocateTemplate', 'Datastore.Audit'], `${why} (read it back and delete it: Datastore.Allocate)`, field);
}

function containerNeeds(n: Needs, c: Container): void {
  const ctPath = `/vms/${c.vmId}`;
  n.add(ctPath, ['VM.Allocate', 'VM.Audit', 'VM.Config.CPU', 'VM.Config.Memory', 'VM.Config.Disk', 'VM.Config.Network', 'VM.Config.Options', 'VM.PowerMgmt'], `create and configure container ${c.name}`, c.path);
  if (!c.unprivileged) n.add('/', ['Sys.Modify'], `create privileged container ${c.name}`, `${c.path}.unprivileged`);
  n.add(`/storage/${c.template.split(':')[0]}`, ['Datastore.Audit'], `use template ${c.template}`, `${c.path}.template`);
  n.add(`/storage/${c.disk.storage}`, ['Datastore.AllocateSpace', 'Datastore.Audit'], `allocate the root filesystem of ${c.name}`, `${c.path}.disk.storage`);
  c.mountPoints.forEach((m, i) => {
    if (!m.bindMount) n.add(`/storage/${m.volume}`, ['Datastore.AllocateSpace', 'Datastore.Audit'], `allocate mount point ${i} of ${c.name}`, `${c.path}.mountPoints[${i}].volume`);
  });
  c.nics.forEach((nic, i) => n.add(`${LOCAL_ZONE}/${nic.bridge}`, ['SDN.Use'], `attach NIC ${i} of container ${c.name} to ${nic.bridge}`, `${c.path}.nics[${i}].bridge`));
}

/** What the lab stack needs, in lab order (duplicates kept: each names its own field). */
export function labPrivilegeNeeds(lab: Lab): PrivilegeNeed[] {
  const n = new Needs();
  for (const m of lab.proxmox.mappings.values()) {
    n.add('/mapping/pci', ['Mapping.Modify'], `create PCI mapping ${m.name}`, `proxmox.mappings.${m.name}`);
    n.add(`/mapping/pci/${m.name}`, ['Mapping.Audit', 'Mapping.Modify'], `read and update PCI mapping ${m.name}`, `proxmox.mappings.${m.name}`);
  }
  for (const image of lab.images) {
    downloadNeeds(n, image.storage, image.template.host.nodeName, `download the cloud image of ${image.name}`, `${image.path}.url`);
    snippetNeeds(n, image.snippetStorage, `upload the vendor-data of ${image.name}`, `${image.path}.snippetStorage`);
    vmNeeds(n, image.template, { template: true });
  }
  for (const vm of lab.vms) vmNeeds(n, vm);
  for (const c of lab.containers) containerNeeds(n, c);
  for (const cluster of lab.clusters) {
    const nodes = [...cluster.controlPlanes, ...cluster.workers];
    for (const nodeName of [...new Set(nodes.map((x) => x.vm.host.nodeName))].sort()) {
      downloadNeeds(n, cluster.imageDatastore, nodeName, `download the Talos image of ${cluster.name} to ${nodeName}`, `${cluster.path}.imageDatastore`);
    }
    for (const x of nodes) vmNeeds(n, x.vm, { bootImage: { storage: cluster.imageDatastore, field: `${cluster.path}.imageDatastore` } });
  }
  for (const cluster of lab.k3sClusters) {
    const template = cluster.image.template;
    for (const x of k3sNodes(cluster)) {
      snippetNeeds(n, cluster.snippetStorage, `upload the cloud-init user-data of ${x.vm.name}`, `${cluster.path}.snippetStorage`);
      cloneNeeds(n, x.vm, { vmId: template.vmId, image: cluster.image.name, storage: x.cloneStorage, migrates: clonesThenMigrates(cluster.image, x.crossNode) }, `${cluster.path}.template`, `${cluster.path}.cloneStorage`);
      vmNeeds(n, x.vm);
    }
  }
  return n.list;
}

/** What applying the access stack needs (an administrator applies it once). */
export function accessPrivilegeNeeds(lab: Lab, paths: readonly string[]): PrivilegeNeed[] {
  const access = lab.proxmox.access;
  if (!access) return [];
  const n = new Needs();
  const field = 'proxmox.access';
  n.add('/access', ['Sys.Modify'], 'create the Terraform role', field);
  n.add(`/access/realm/${access.user.split('@')[1]}`, ['Realm.AllocateUser'], `create user ${access.user}`, `${field}.user`);
  n.add('/access/groups', ['User.Modify'], `create user ${access.user} and its token ${access.token}`, `${field}.token`);
  for (const path of paths) n.add(path, ['Permissions.Modify'], `grant the Terraform role on ${path}`, field);
  return n.list;
}

/** ACL path -> sorted privileges, paths sorted. */
export function privilegesByPath(needs: readonly PrivilegeNeed[]): Map<string, string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const need of needs) {
    const set = byPath.get(need.path) ?? new Set<string>();
    set.add(need.privilege);
    byPath.set(need.path, set);
  }
  return new Map([...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, s]) => [p, [...s].sort()]));
}

/** Every privilege the lab needs, sorted: the privileges of the Terraform role. */
export function rolePrivileges(needs: readonly PrivilegeNeed[]): string[] {
  return [...new Set(needs.map((x) => x.privilege))].sort();
}

