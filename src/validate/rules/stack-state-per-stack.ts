/**
 * HL-STACK-001: with `stacks: per-cluster | per-host`, every stack needs its own state. The local backend gets
 * `terraform.<stack>.tfstate`; a remote backend gets its own key only through `{stack}` in `state.key` (s3),
 * `state.schemaName` (pg) or `state.address` (http). Without it, every stack would write the same state and
 * each apply would plan to destroy what the other stacks created.
 */
import type { Rule } from '../finding';

export const stackStatePerStack: Rule = {
  id: 'HL-STACK-001',
  severity: 'error',
  description: 'With stacks split (per-cluster, per-host), a remote state backend names its key, schema or address with {stack}, so each stack has its own state.',
  *check(lab) {
    if ((lab.stacks ?? 'single') === 'single') return;
    const s = lab.state;
    const field = s.backend === 's3' ? { name: 'key', value: s.key } : s.backend === 'pg' ? { name: 'schemaName', value: s.schemaName } : s.backend === 'http' ? { name: 'address', value: s.address } : undefined;
    if (!field || field.value.includes('{stack}')) return;
    yield {
      path: `state.${field.name}`,
      message: `stacks: ${lab.stacks} makes several stacks, but state.${field.name} "${field.value}" is the same for all of them: they would share one ${s.backend} state`,
      fix: `put {stack} into state.${field.name} (e.g. "${s.backend === 'pg' ? '{stack}' : s.backend === 's3' ? 'homelab/{stack}.tfstate' : `${field.value.replace(/\/$/, '')}/{stack}`}")`,
    };
  },
};
