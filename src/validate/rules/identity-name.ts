/** HL-ID-002: VM and Talos node names are unique (they name Terraform resources and hostnames). */
import type { Rule } from '../finding';
import { allVms, duplicates, namePath } from '../walk';

export const identityName: Rule = {
  id: 'HL-ID-002',
  severity: 'error',
  description: 'VM and Talos node names are unique across the lab.',
  *check(lab) {
    for (const { item, first } of duplicates(allVms(lab), (v) => v.name)) {
      yield {
        path: namePath(item),
        message: `name "${item.name}" is already used by ${namePath(first)}; names become Terraform addresses and hostnames`,
        fix: `rename one of them, e.g. "${item.name}-2"`,
      };
    }
  },
};
