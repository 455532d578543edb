/**
 * HL-STACK-002: stack names are unique. A split lab names its stacks `<lab>-<cluster>` and (per-host)
 * `<lab>-<host>`, beside `<lab>` and `<lab>-access`; two parts with one name would write one
 * cdktf.out/stacks/<name> and one state (src/model/split.ts).
 */
import type { Rule } from '../finding';
import { accessStackName, splitLab } from '../../model/split';

export const stackNameUnique: Rule = {
  id: 'HL-STACK-002',
  severity: 'error',
  description: 'Stack names are unique: no cluster, host (stacks: per-host) or the access stack gives two stacks one name.',
  *check(lab) {
    if ((lab.stacks ?? 'single') === 'single') return;
    const owners = new Map<string, string>();
    if (lab.proxmox.access) owners.set(accessStackName(lab), 'the access stack (proxmox.access)');
    owners.set(lab.name, 'the base stack');
    for (const part of splitLab(lab).slice(1)) {
      const what = part.role === 'host' ? `host "${part.key}"` : `cluster "${part.key}"`;
      const path = part.role === 'host' ? `hosts.${part.key}` : `clusters.${part.key}`;
      const other = owners.get(part.name);
      if (other) {
        yield { path, message: `${what} makes stack "${part.name}", which is already the stack of ${other}`, fix: `rename ${what.split(' ')[0]} "${part.key}", or choose another stacks mode` };
      } else owners.set(part.name, what);
    }
  },
};
