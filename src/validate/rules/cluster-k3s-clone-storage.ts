/**
 * HL-CLUSTER-005: a K3s node cloned to another Proxmox node than its template's is cloned onto shared storage.
 *
 * bpg v0.111.1 proxmoxtf/resource/vm/vm.go (vmCreateClone): when `clone.node_name` differs from `node_name` and
 * every disk of the template is on shared storage, it clones directly to the target node, sending `target` and,
 * from `clone.datastore_id`, `storage`. qemu-server src/PVE/API2/Qemu.pm (clone_vm; checked at the 9.1.19 release
 * commit 41ffc59e, the check dates from 2013) then dies with "can't clone to non-shared storage '<storage>'" when that storage is not
 * shared. Cloning onto the shared storage (or leaving it to homelab) works: bpg moves each disk to its own
 * `datastore_id` afterwards (disk/disk.go UpdateClone, MoveVMDisk).
 */
import type { Rule } from '../finding';
import { oneOf } from '../walk';

export const clusterK3sCloneStorage: Rule = {
  id: 'HL-CLUSTER-005',
  severity: 'error',
  description: 'A K3s node on another Proxmox node than its template is cloned onto shared storage (Proxmox refuses a cross-node clone to local storage).',
  *check(lab) {
    for (const c of lab.k3sClusters) {
      const template = c.image.template;
      const templateHost = template.host;
      // a template on local storage takes bpg's clone-then-migrate path instead: no cross-node clone call
      const templateShared = template.disks.every((d) => templateHost.storage.get(d.storage)?.shared);
      if (!templateShared || c.cloneStorageInput === undefined) continue;
      for (const node of [...c.servers, ...c.agents]) {
        if (!node.crossNode) continue;
        const storage = templateHost.storage.get(node.cloneStorage);
        if (storage?.shared) continue;
        const shared = [...templateHost.storage.values()].filter((s) => s.shared && s.content.includes('images')).map((s) => s.id);
        yield {
          path: `${c.path}.cloneStorage`,
          message: `node "${node.vm.name}" on host "${node.vm.host.key}" is cloned from template ${template.vmId} on host "${templateHost.key}" onto `
            + `"${node.cloneStorage}", which is ${storage ? 'not shared' : `not a storage of host "${templateHost.key}"`}; Proxmox refuses a clone to another node onto non-shared storage`,
          fix: `remove cloneStorage (the template's shared storage is used and bpg moves the disks to ${node.vm.disks[0]?.storage ?? 'the node\'s storage'} afterwards)${shared.length ? ` or use ${oneOf(shared)}` : ''}`,
        };
        break;
      }
    }
  },
};
