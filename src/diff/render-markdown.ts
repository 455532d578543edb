/**
 * Markdown rendering for a pull-request comment: a summary table (one row per stack), then per changed
 * stack a collapsible `<details>` block with the flags first (**DESTROY**, **REPLACE**, …) and the changes.
 */
import type { DiffResult } from './diff';
import { flagText, MARKER } from './render-text';
import type { ObjectDiff } from './tf-diff';
import { show } from './values';

const VERB: Record<ObjectDiff['action'], string> = { create: 'create', delete: 'destroy', update: 'update', replace: 'replace' };

/** An inline code span that survives backticks in the value. */
function code(s: string): string {
  const ticks = '`'.repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((t) => t.length)) + 1);
  return ticks.length > 1 ? `${ticks} ${s} ${ticks}` : `\`${s}\``;
}

export function renderMarkdown(result: DiffResult): string[] {
  const out = [`### homelab diff: ${code(result.profile)} against ${code(result.base)}`, ''];
  for (const note of result.notes) out.push(`> ${note}`, '');
  if (!result.changed) return [...out, 'No changes.'];
  out.push('| stack | added | changed | replaced | destroyed |', '| --- | ---: | ---: | ---: | ---: |');
  for (const s of result.stacks) {
    const { added, changed, replaced, destroyed } = s.summary;
    out.push(`| ${s.name} | ${added} | ${changed} | ${replaced} | ${destroyed} |`);
  }
  for (const s of result.stacks) {
    if (s.objects.length === 0) continue;
    out.push('', `<details><summary><b>${s.name}</b>: ${s.objects.length} object(s) changed, ${s.flags.length} warning(s)</summary>`, '');
    if (s.flags.length) {
      out.push('**Warnings**', '');
      for (const f of s.flags) out.push(`- **${MARKER[f.kind]}** ${flagText(f, code)}`);
      out.push('');
    }
    out.push('**Changes**', '');
    for (const o of s.objects) {
      out.push(`- ${VERB[o.action]} ${code(o.address)}`);
      for (const c of o.changes) {
        if (c.lines) {
          out.push(`  - ${code(c.path)}:`, '    ```diff', ...c.lines.map((l) => `    ${l}`), '    ```');
        } else {
          out.push(`  - ${code(c.path)}: ${code(show(c.before))} -> ${code(show(c.after))}`);
        }
      }
    }
    out.push('', '</details>');
  }
  return out;
}
