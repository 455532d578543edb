/**
 * Plain-text rendering of a diff: per stack a summary line, the flags (`! REPLACE …`), then one line per
 * change: `+` create, `-` destroy/remove, `~` update, `-/+` replace; multi-line strings add their changed
 * lines indented below.
 */
import type { DiffResult } from './diff';
import type { Flag } from './replacement';
import type { ObjectDiff, StackDiff } from './tf-diff';
import { show } from './values';

export const MARKER: Record<Flag['kind'], string> = {
  destroy: 'DESTROY', replace: 'REPLACE', 'data-loss': 'DATA LOSS', fails: 'FAILS', 'cluster-reset': 'CLUSTER RESET', upgrade: 'UPGRADE', reboot: 'REBOOT',
};

export const SYMBOL: Record<ObjectDiff['action'], string> = { create: '+', delete: '-', update: '~', replace: '-/+' };

export function summaryLine(s: StackDiff): string {
  const { added, changed, replaced, destroyed } = s.summary;
  return `${added} to add, ${changed} to change, ${replaced} to replace, ${destroyed} to destroy`;
}

/** `REPLACE proxmox_virtual_environment_vm.x: vm_id changed (vm_id; vm.go:1767)` */
export function flagText(f: Flag, code: (s: string) => string = (s) => s): string {
  const where = [f.paths?.length ? f.paths.map(code).join(', ') : undefined, f.source].filter(Boolean).join('; ');
  return `${code(f.address)}: ${f.message}${where ? ` (${where})` : ''}`;
}

export function renderText(result: DiffResult): string[] {
  const out: string[] = [];
  for (const note of result.notes) out.push(`note: ${note}`);
  if (!result.changed) return [...out, `No changes: ${result.profile} matches ${result.base}.`];
  for (const s of result.stacks) {
    if (s.objects.length === 0) continue;
    out.push(`${s.name}: ${summaryLine(s)}`);
    for (const f of s.flags) out.push(`! ${MARKER[f.kind]} ${flagText(f)}`);
    for (const o of s.objects) {
      if (o.changes.length === 0) out.push(`${SYMBOL[o.action]} ${o.address}`);
      for (const c of o.changes) {
        if (c.lines) {
          out.push(`${SYMBOL[o.action]} ${o.address} ${c.path}: text changed`);
          for (const l of c.lines) out.push(`    ${l}`);
        } else {
          out.push(`${SYMBOL[o.action]} ${o.address} ${c.path}: ${show(c.before)} -> ${show(c.after)}`);
        }
      }
    }
  }
  return out;
}
