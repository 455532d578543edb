/**
 * Masks sensitive values in a diff. What is sensitive comes from the vendored provider schemas
 * (`schemas/providers/homelab-subset.json`, `local.json`: attributes with `sensitive: true`), plus the
 * `value` of outputs declared `sensitive`.
 */
import { readFileSync } from 'node:fs';
import { providerSchemaFile } from './replacement';
import { type AttributeChange, schemaPath, under } from './values';

export const MASK = '(sensitive)';

interface Block {
  attributes?: Record<string, { sensitive?: boolean; nested_type?: Block }>;
  block_types?: Record<string, { block: Block }>;
}

/** Sensitive attribute paths (dotted, no indexes) per `resource.<type>`, `data.<type>` and `provider.<name>`. */
let index: Map<string, string[]> | undefined;

function sensitiveIndex(): Map<string, string[]> {
  if (index) return index;
  index = new Map();
  for (const file of ['homelab-subset.json', 'local.json']) {
    const json = JSON.parse(readFileSync(providerSchemaFile(file), 'utf8'));
    for (const [fqpn, p] of Object.entries<any>(json.provider_schemas)) {
      index.set(`provider.${fqpn.split('/').pop()}`, collect(p.provider.block));
      for (const [t, s] of Object.entries<any>(p.resource_schemas ?? {})) index.set(`resource.${t}`, collect(s.block));
      for (const [t, s] of Object.entries<any>(p.data_source_schemas ?? {})) index.set(`data.${t}`, collect(s.block));
    }
  }
  return index;
}

function collect(block: Block, prefix = '', out: string[] = []): string[] {
  for (const [k, a] of Object.entries(block.attributes ?? {})) {
    if (a.sensitive) out.push(prefix + k);
    else if (a.nested_type) collect(a.nested_type, `${prefix}${k}.`, out);
  }
  for (const [k, b] of Object.entries(block.block_types ?? {})) collect(b.block, `${prefix}${k}.`, out);
  return out;
}

/** Sensitive paths of an object, keyed like `resource.<type>`; an output's `value` when it is sensitive. */
export function sensitivePaths(schemaKey: string, before: unknown, after: unknown): string[] {
  if (schemaKey.startsWith('output.')) {
    const isSensitive = (o: unknown) => (o as { sensitive?: boolean } | undefined)?.sensitive === true;
    return isSensitive(before) || isSensitive(after) ? ['value'] : [];
  }
  return sensitiveIndex().get(schemaKey) ?? [];
}

/** Replaces sensitive values in one change by `(sensitive)` (whole value, or the sensitive parts inside it). */
export function maskChange(change: AttributeChange, paths: readonly string[]): AttributeChange {
  const at = schemaPath(change.path);
  if (!paths.some((p) => under(at, p) || under(p, at))) return change;
  const out: { path: string; before?: unknown; after?: unknown; sensitive: true } = { path: change.path, sensitive: true };
  if (change.before !== undefined) out.before = mask(change.before, at, paths);
  if (change.after !== undefined) out.after = mask(change.after, at, paths);
  return out;
}

function mask(value: unknown, at: string, paths: readonly string[]): unknown {
  if (paths.some((p) => under(at, p))) return MASK;
  if (Array.isArray(value)) return value.map((v) => mask(v, at, paths));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, at ? `${at}.${k}` : k, paths)]));
}
