/**
 * Markdown rendering for a pull-request comment: a summary table (one row per stack, one per cluster's
 * Kubernetes objects), then per changed stack or cluster a collapsible `<details>` block with the flags
 * first (**DESTROY**, **DATA LOSS**, …) and the changes.
 */
import type { DiffResult } from './diff';
import type { ClusterDiff } from './k8s-diff';
import type { Flag } from './replacement';
import { flagText, MARKER } from './render-text';
import type { ObjectDiff } from './tf-diff';
import { type AttributeChange, show } from './values';

const VERB: Record<ObjectDiff['action'], string> = { create: 'create', delete: 'destroy', update: 'update', replace: 'replace' };
const K8S_VERB: Record<ClusterDiff['objects'][number]['action'], string> = { create: 'add', delete: 'remove', update: 'update' };

/** An inline code span that survives backticks in the value. */
function code(s: string): string {
  const ticks = '`'.repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  return ticks.length > 1 ? `${ticks} ${s} ${ticks}` : `\`${s}\``;
}

interface Block { title: string; count: number; flags: readonly Flag[]; items: { head: string; changes: readonly AttributeChange[] }[] }

function details(b: Block): string[] {
  const out = ['', `<details><summary><b>${b.title}</b>: ${b.count} object(s) changed, ${b.flags.length} warning(s)</summary>`, ''];
  if (b.flags.length) {
    out.push('**Warnings**', '');
    for (const f of b.flags) out.push(`- **${MARKER[f.kind]}** ${flagText(f, code)}`);
    out.push('');
  }
  out.push('**Changes**', '');
  for (const o of b.items) {
    out.push(`- ${o.head}`);
    for (const c of o.changes) {
      if (c.lines) out.push(`  - ${code(c.path)}:`, '    ```diff', ...c.lines.map((l) => `    ${l}`), '    ```');
      else out.push(`  - ${code(c.path)}: ${code(show(c.before))} -> ${code(show(c.after))}`);
    }
  }
  out.push('', '</details>');
  return out;
}

export function renderMarkdown(result: DiffResult): string[] {
  const out = [`### homelab diff: ${code(result.profile)} against ${code(result.base)}`, ''];
  for (const note of result.notes) out.push(`> ${note}`, '');
  if (!result.changed) return [...out, 'No changes.'];
  if (result.stacks.length > 1) out.push(`Stacks to plan, in apply order: ${result.changedStacks.map(code).join(', ') || 'none'}`, '');
  out.push('| stack | added | changed | replaced | destroyed |', '| --- | ---: | ---: | ---: | ---: |');
  for (const s of result.stacks) {
    const { added, changed, replaced, destroyed } = s.summary;
    out.push(`| ${s.name} | ${added} | ${changed} | ${replaced} | ${destroyed} |`);
  }
  for (const c of result.clusters) {
    const { added, changed, removed } = c.summary;
    out.push(`| cluster ${c.name} (Kubernetes) | ${added} | ${changed} | 0 | ${removed} |`);
  }
  for (const s of result.stacks) {
    if (s.objects.length === 0 && s.flags.length === 0) continue;
    out.push(...details({ title: s.name, count: s.objects.length, flags: s.flags, items: s.objects.map((o) => ({ head: `${VERB[o.action]} ${code(o.address)}`, changes: o.changes })) }));
  }
  for (const c of result.clusters) {
    if (c.objects.length === 0) continue;
    const items = c.objects.map((o) => ({ head: `${K8S_VERB[o.action]} ${code(o.key)} in ${code(o.file)}`, changes: o.changes }));
    out.push(...details({ title: `cluster ${c.name} (Kubernetes)`, count: c.objects.length, flags: c.flags, items }));
  }
  return out;
}
