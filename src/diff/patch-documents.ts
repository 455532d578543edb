/**
 * The documents of a Talos config patch (a `config_patches` text), read once per text for both views of a diff
 * (talos.ts: install disk and image; talos-documents.ts: per-document changes). synth writes plain block YAML,
 * which the fast reader reads; anything else goes through `yaml`.
 */
import { parseAllDocuments } from 'yaml';
import { fastParseAllDocuments } from '../schema/fast-yaml';

/** Bounded: a long-running process (the library) must not keep every patch it ever diffed. */
const MAX_CACHED = 4096;
const cache = new Map<string, unknown[] | undefined>();

/** Each document's data, or undefined when a document does not parse. */
export function patchDocuments(text: string): unknown[] | undefined {
  if (cache.has(text)) return cache.get(text);
  let docs: unknown[] | undefined = fastParseAllDocuments(text);
  if (!docs) {
    const parsed = parseAllDocuments(text);
    docs = parsed.every((d) => 'toJS' in d && d.errors.length === 0) ? parsed.map((d) => (d as { toJS(): unknown }).toJS()) : undefined;
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(text, docs);
  return docs;
}
