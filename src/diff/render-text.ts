/**
 * Plain-text rendering of a diff: per stack a summary line, the flags (`! REPLACE …`), then one line per
 * change: `+` create, `-` destroy/remove, `~` update, `-/+` replace; multi-line strings add their changed
 * lines indented below. Then the same per cluster for its Kubernetes objects (`key (file)`).
 */
import type { DiffResult } from './diff';
import type { ClusterDiff } from './k8s-diff';
import type { Flag } from './replacement';
import type { ObjectDiff, StackDiff } from './tf-diff';
import { type AttributeChange, show } from './values';

export const MARKER: Record<Flag['kind'], string> = {
  destroy: 'DESTROY', replace: 'REPLACE', migrate: 'MIGRATE', 'data-loss': 'DATA LOSS', fails: 'FAILS', 'cluster-reset': 'CLUSTER RESET', address: 'ADDRESS',
  'crd-provider': 'CRD PROVIDER REMOVED', upgrade: 'UPGRADE', reboot: 'REBOOT', chart: 'CHART',
  'in-place-upgrade': 'UPGRADE (in place)', 'first-boot': 'FIRST BOOT ONLY', 'nic-shift': 'NIC SHIFT', 'version-skip': 'VERSION SKIP',
};

export const SYMBOL: Record<ObjectDiff['action'], string> = { create: '+', delete: '-', update: '~', replace: '-/+' };

export function summaryLine(s: StackDiff): string {
  const { added, changed, replaced, destroyed } = s.summary;
  return `${added} to add, ${changed} to change, ${replaced} to replace, ${destroyed} to destroy`;
}

export function clusterSummaryLine(c: ClusterDiff): string {
  const { added, changed, removed } = c.summary;
  return `${added} to add, ${changed} to change, ${removed} to remove`;
}

/** `REPLACE proxmox_virtual_environment_vm.x: vm_id changed (vm_id; vm.go:1767)` */
export function flagText(f: Flag, code: (s: string) => string = (s) => s): string {
  const where = [f.paths?.length ? f.paths.map(code).join(', ') : undefined, f.source].filter(Boolean).join('; ');
  return `${code(f.address)}: ${f.message}${where ? ` (${where})` : ''}`;
}

/** Lines of one object: its address alone (no changes listed), or one line per change. */
function objectLines(symbol: string, label: string, changes: readonly AttributeChange[]): string[] {
  if (changes.length === 0) return [`${symbol} ${label}`];
  return changes.flatMap((c) => (c.lines
    ? [`${symbol} ${label} ${c.path}: text changed`, ...c.lines.map((l) => `    ${l}`)]
    : [`${symbol} ${label} ${c.path}: ${show(c.before)} -> ${show(c.after)}`]));
}

export function renderText(result: DiffResult): string[] {
  const out: string[] = [];
  for (const note of result.notes) out.push(note.startsWith('warning: ') ? note : `note: ${note}`);
  if (!result.changed) return [...out, `No changes: ${result.profile} matches ${result.base}.`];
  if (result.stacks.length > 1) out.push(`stacks to plan, in apply order: ${result.changedStacks.join(', ') || 'none'}`);
  for (const s of result.stacks) {
    if (s.objects.length === 0 && s.flags.length === 0) continue;
    out.push(`${s.name}: ${summaryLine(s)}`);
    for (const f of s.flags) out.push(`! ${MARKER[f.kind]} ${flagText(f)}`);
    for (const o of s.objects) out.push(...objectLines(SYMBOL[o.action], o.address, o.changes));
  }
  for (const c of result.clusters) {
    if (c.objects.length === 0) continue;
    out.push(`cluster ${c.name} (Kubernetes): ${clusterSummaryLine(c)}`);
    for (const f of c.flags) out.push(`! ${MARKER[f.kind]} ${flagText(f)}`);
    for (const o of c.objects) out.push(...objectLines(SYMBOL[o.action], o.changes.length ? o.key : `${o.key} (${o.file})`, o.changes));
  }
  return out;
}
