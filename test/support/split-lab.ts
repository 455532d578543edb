/**
 * A lab to split: the k3s-three-node reference profile (three hosts, a K3s cluster cloning a golden image, a
 * GPU agent on a PCI mapping, the access stack) plus a Talos cluster, a stand-alone VM cloning the image and
 * an LXC container, so every kind of part and cross-stack reference is there. Also checks on split output.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { StackMode } from '../../src/model/types';
import type { ProfileInput } from '../../src/schema/profile';
import { profilePath } from './paths';
import './synth';

const nic = (address: string) => [{ bridge: 'vmbr0', vlan: 11, address }];
const disk = (sizeGiB: number) => [{ storage: 'local-zfs', sizeGiB }];

export function splitLab(stacks?: StackMode, edit?: (p: any) => void): ProfileInput {
  const p = parse(readFileSync(profilePath('k3s-three-node'), 'utf8'));
  if (stacks) p.stacks = stacks;
  p.vms = { tools: { vmId: 1201, host: 'pve-03', clone: 'ubuntu-2404', nics: nic('10.20.11.41'), disks: disk(20) } };
  p.clusters.talos = {
    controlPlanes: [{ name: 'talos-cp-1', vmId: 1301, host: 'pve-01', nics: nic('10.20.11.51'), disks: disk(32) }],
    workers: [{ name: 'talos-w-1', vmId: 1302, host: 'pve-02', nics: nic('10.20.11.52'), disks: disk(32) }],
  };
  p.containers = { dns: { vmId: 1401, host: 'pve-02', template: 'local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst', nics: nic('10.20.11.61'), disk: { storage: 'local-zfs', sizeGiB: 8 } } };
  edit?.(p);
  return p as ProfileInput;
}

/** The stack a `terraform_remote_state` data source reads, from its backend config (local, s3, pg, http). */
function originOf(config: any, names: readonly string[]): string | undefined {
  const s = String(config.path ?? config.key ?? config.schema_name ?? config.address ?? '');
  return names.find((n) => s.endsWith(`/terraform.${n}.tfstate`) || s.endsWith(`/${n}.tfstate`) || s === n.replace(/-/g, '_') || s.endsWith(`/${n}`));
}

/**
 * Problems with the references between stacks (empty when sound): every remote-state data source reads a stack
 * that exists, every `outputs.<name>` it is asked for is an output of that stack, and no `depends_on` names a
 * resource that is not in its own stack.
 */
export function crossStackProblems(stacks: Record<string, any>): string[] {
  const problems: string[] = [];
  const names = Object.keys(stacks);
  for (const [name, doc] of Object.entries(stacks)) {
    const remote = doc.data?.terraform_remote_state ?? {};
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
      const [, source, output] = m;
      const from = remote[source!] ? originOf(remote[source!].config, names) : undefined;
      if (!from || !stacks[from]) problems.push(`${name}: data.terraform_remote_state.${source} reads no stack of this app (${from})`);
      else if (!stacks[from].output?.[output!]) problems.push(`${name}: output ${output} does not exist in stack ${from}`);
    }
    for (const [type, byName] of Object.entries<any>(doc.resource ?? {})) {
      for (const [id, body] of Object.entries<any>(byName)) {
        for (const d of body.depends_on ?? []) {
          const [t, n] = String(d).split('.');
          if (!doc.resource?.[t!]?.[n!]) problems.push(`${name}: ${type}.${id} depends on ${d}, which is not in this stack`);
        }
      }
    }
  }
  return problems;
}
