/**
 * Talos machine-configuration patches are multi-document YAML strings. A line diff of them hides which
 * document a change belongs to (every LinkConfig has an `mtu:` line), so changes of `config_patches[i]` are
 * shown per document and field instead: `config_patches[0].{LinkConfig net1}.mtu: 1500 -> 9000`, an added
 * or removed document as one change. Documents are matched as the provider's merge matches them
 * (kind and name; the machine/cluster document is `v1alpha1`).
 */
import { patchDocuments } from './patch-documents';
import { documentId } from '../talos/oracle/merge';
import { type AttributeChange, compareValues } from './values';

type Doc = Record<string, unknown>;

function documents(text: unknown): Map<string, Doc> | undefined {
  if (typeof text !== 'string') return undefined;
  const out = new Map<string, Doc>();
  const docs = patchDocuments(text);
  if (!docs) return undefined;
  for (const js of docs) {
    if (js === null || typeof js !== 'object' || Array.isArray(js)) return undefined;
    out.set(label(js as Doc), js as Doc);
  }
  return out;
}

/** `{v1alpha1}` for the machine/cluster document, `{LinkConfig net1}`, `{HostnameConfig}`. */
function label(doc: Doc): string {
  const id = documentId(doc);
  if (id === 'v1alpha1') return '{v1alpha1}';
  return `{${String(doc.kind)}${doc.name !== undefined ? ` ${String(doc.name)}` : ''}}`;
}

/** Replaces changes of whole `config_patches[i]` strings by per-document, per-field changes. */
export function talosDocumentChanges(changes: readonly AttributeChange[]): AttributeChange[] {
  return changes.flatMap((c) => {
    if (!/^config_patches\[\d+\]$/.test(c.path) || c.sensitive) return [c];
    const [a, b] = [documents(c.before), documents(c.after)];
    if (!a || !b) return [c];
    const out: AttributeChange[] = [];
    for (const id of [...new Set([...a.keys(), ...b.keys()])]) {
      out.push(...compareValues(a.get(id), b.get(id), `${c.path}.${id}`));
    }
    return out.length ? out : [c];
  });
}
