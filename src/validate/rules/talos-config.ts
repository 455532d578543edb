/**
 * HL-TALOS-001 … 007: the Talos config oracle (src/talos/oracle) run on the merged configuration of every
 * Talos node, including the user's `patches`. One rule per family of Talos `Validate()` checks; the oracle
 * runs once per lab and the rules share its result.
 */
import type { Lab } from '../../model/types';
import { checkCluster, type NodeProblem, type OracleRule } from '../../talos/oracle';
import type { Rule } from '../finding';

const cache = new WeakMap<Lab, NodeProblem[]>();
const problemsOf = (lab: Lab) => {
  let found = cache.get(lab);
  if (!found) cache.set(lab, (found = lab.clusters.flatMap(checkCluster)));
  return found;
};

function oracleRule(id: string, rule: OracleRule, description: string): Rule {
  return {
    id,
    severity: 'error',
    description,
    *check(lab) {
      for (const p of problemsOf(lab)) {
        if (p.rule !== rule) continue;
        yield { path: p.path, message: `Talos rejects the config of node "${p.node}": ${p.document}: ${p.message}`, fix: p.fix };
      }
    },
  };
}

export const talosLink = oracleRule('HL-TALOS-001', 'link',
  'Talos link documents pass CommonLinkConfig.Validate (no 0.0.0.0/0 route destination, valid addresses, gateways, names, selectors).');
export const talosHostname = oracleRule('HL-TALOS-002', 'hostname',
  'HostnameConfig passes HostnameConfigV1Alpha1.Validate after the merge with the generated auto: stable (a hostname needs auto: off).');
export const talosConflict = oracleRule('HL-TALOS-003', 'conflict',
  'Network documents do not conflict with machine.network in the v1alpha1 document (hostname, resolvers, kubespan, interfaces).');
export const talosVip = oracleRule('HL-TALOS-004', 'vip',
  'Talos VIPs are valid addresses on a named link, on control planes only.');
export const talosDocuments = oracleRule('HL-TALOS-005', 'documents',
  'Every Talos document kind exists in the targeted Talos version, and no two documents configure the same link.');
export const talosMachine = oracleRule('HL-TALOS-006', 'machine',
  'The merged v1alpha1 document passes Config.Validate (install disk, CNI, etcd on control planes, legacy interfaces).');
export const talosVolume = oracleRule('HL-TALOS-007', 'volume',
  'UserVolumeConfig documents pass UserVolumeConfigV1Alpha1.Validate (name of 1-34 letters, digits and hyphens; a disk selector; sizes for partitions).');
