/**
 * Offline stand-in for `terraform validate`: checks synthesized Terraform JSON against the vendored provider
 * schemas (attribute names exist, required ones present, types and nesting right, every key of a
 * list(object) attribute present). Compiled once, shared by all tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

interface Attribute { type?: unknown; nested_type?: Block & { nesting_mode: string }; required?: boolean; optional?: boolean; computed?: boolean }
interface Block { attributes?: Record<string, Attribute>; block_types?: Record<string, { nesting_mode: string; block: Block; min_items?: number; max_items?: number }> }

const META_KEYS = new Set(['//', 'depends_on', 'count', 'for_each', 'lifecycle', 'provider', 'connection', 'provisioner']);

function loadSchemas(): { resources: Map<string, Block>; data: Map<string, Block>; providers: Map<string, Block> } {
  const resources = new Map<string, Block>();
  const data = new Map<string, Block>();
  const providers = new Map<string, Block>();
  for (const file of ['homelab-subset.json', 'local.json', 'random.json', 'builtin-terraform.json']) {
    const json = JSON.parse(readFileSync(join(ROOT, 'schemas', 'providers', file), 'utf8'));
    for (const [fqpn, p] of Object.entries<any>(json.provider_schemas)) {
      providers.set(fqpn.split('/').pop()!, p.provider.block);
      for (const [k, v] of Object.entries<any>(p.resource_schemas ?? {})) resources.set(k, v.block);
      for (const [k, v] of Object.entries<any>(p.data_source_schemas ?? {})) data.set(k, v.block);
    }
  }
  return { resources, data, providers };
}

const SCHEMAS = loadSchemas();

const isInterpolation = (v: unknown) => typeof v === 'string' && v.includes('${');

function checkType(type: unknown, value: unknown, path: string, errors: string[]): void {
  if (value === null || isInterpolation(value)) return;
  if (typeof type === 'string') {
    const ok = type === 'string' ? typeof value === 'string'
      : type === 'number' ? typeof value === 'number'
      : type === 'bool' ? typeof value === 'boolean'
      : type === 'dynamic';
    if (!ok) errors.push(`${path}: expected ${type}, got ${JSON.stringify(value)}`);
    return;
  }
  const [kind, inner] = type as [string, unknown];
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected ${kind}, got ${typeof value}`);
    value.forEach((v, i) => checkType(inner, v, `${path}[${i}]`, errors));
  } else if (kind === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${path}: expected map`);
    for (const [k, v] of Object.entries(value as object)) checkType(inner, v, `${path}.${k}`, errors);
  } else if (kind === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return void errors.push(`${path}: expected object`);
    const fields = inner as Record<string, unknown>;
    for (const k of Object.keys(fields)) {
      // In JSON configuration Terraform requires every key of an object-typed attribute.
      if (!(k in (value as object))) errors.push(`${path}: missing key "${k}" (Terraform requires every key of object attributes)`);
    }
    for (const [k, v] of Object.entries(value as object)) {
      if (!(k in fields)) errors.push(`${path}.${k}: not a key of the object type`);
      else checkType(fields[k], v, `${path}.${k}`, errors);
    }
  }
}

function checkBlock(block: Block, value: Record<string, unknown>, path: string, errors: string[], top = false): void {
  const attrs = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [key, v] of Object.entries(value)) {
    if (top && META_KEYS.has(key)) continue;
    const a = attrs[key];
    const b = blocks[key];
    if (a) {
      if (a.computed && !a.optional && !a.required) errors.push(`${path}.${key}: computed-only attribute cannot be set`);
      if (a.nested_type) checkNested(a.nested_type, v, `${path}.${key}`, errors);
      else checkType(a.type, v, `${path}.${key}`, errors);
    } else if (b) {
      const items = Array.isArray(v) ? v : [v];
      if (b.max_items !== undefined && items.length > b.max_items) errors.push(`${path}.${key}: at most ${b.max_items} block(s)`);
      items.forEach((item, i) => {
        if (isInterpolation(item)) return;
        if (typeof item !== 'object' || item === null) return void errors.push(`${path}.${key}[${i}]: expected a block object`);
        checkBlock(b.block, item as Record<string, unknown>, `${path}.${key}[${i}]`, errors);
      });
    } else {
      errors.push(`${path}.${key}: unknown attribute or block`);
    }
  }
  for (const [key, a] of Object.entries(attrs)) {
    if (a.required && !(key in value)) errors.push(`${path}.${key}: required attribute missing`);
  }
  for (const [key, b] of Object.entries(blocks)) {
    if (b.min_items && !(key in value)) errors.push(`${path}.${key}: required block missing`);
  }
}

function checkNested(nested: Block & { nesting_mode: string }, value: unknown, path: string, errors: string[]): void {
  if (value === null || isInterpolation(value)) return;
  const items = nested.nesting_mode === 'single' ? [value] : Array.isArray(value) ? value : null;
  if (!items) return void errors.push(`${path}: expected a list of objects`);
  items.forEach((item, i) => {
    if (isInterpolation(item)) return;
    if (typeof item !== 'object' || item === null) return void errors.push(`${path}[${i}]: expected object`);
    checkBlock(nested, item as Record<string, unknown>, nested.nesting_mode === 'single' ? path : `${path}[${i}]`, errors);
  });
}

/** First segment of a lifecycle path exists: `disk[0].file_id` -> block `disk` has `file_id`. */
function pathExists(block: Block, path: string): boolean {
  let b: Block | undefined = block;
  for (const seg of path.replace(/\[\d+\]/g, '').split('.')) {
    if (!b) return false;
    if (b.attributes?.[seg]) return true;
    b = b.block_types?.[seg]?.block;
  }
  return b !== undefined;
}

/**
 * `lifecycle` as Terraform's JSON syntax reads it: `replace_triggered_by` items are bare addresses of
 * resources in this configuration (Terraform rejects `"${…}"` there), `ignore_changes` paths exist.
 */
function checkLifecycle(doc: any, block: Block, body: any, path: string, errors: string[]): void {
  const lc = body.lifecycle;
  if (!lc) return;
  for (const ref of lc.replace_triggered_by ?? []) {
    const m = typeof ref === 'string' ? /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\.[a-z_.0-9]+)?$/.exec(ref) : null;
    if (!m) errors.push(`${path}.lifecycle.replace_triggered_by: ${JSON.stringify(ref)} is not a bare resource address`);
    else if (!doc.resource?.[m[1]!]?.[m[2]!]) errors.push(`${path}.lifecycle.replace_triggered_by: ${ref} is not a resource of this stack`);
  }
  for (const p of Array.isArray(lc.ignore_changes) ? lc.ignore_changes : []) {
    if (!pathExists(block, p)) errors.push(`${path}.lifecycle.ignore_changes: ${p} is not an attribute`);
  }
}

/** Returns every schema violation of a cdk.tf.json document (empty when valid). */
export function validateTerraformJson(doc: any): string[] {
  const errors: string[] = [];
  for (const [kind, map] of [['resource', SCHEMAS.resources], ['data', SCHEMAS.data]] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(doc[kind] ?? {})) {
      const block = map.get(type);
      if (!block) {
        errors.push(`${kind}.${type}: no such type in the vendored provider schema`);
        continue;
      }
      for (const [name, body] of Object.entries(byName)) {
        checkBlock(block, body, `${kind}.${type}.${name}`, errors, true);
        checkLifecycle(doc, block, body, `${kind}.${type}.${name}`, errors);
      }
    }
  }
  for (const [name, configs] of Object.entries<any[]>(doc.provider ?? {})) {
    const block = SCHEMAS.providers.get(name);
    if (!block) errors.push(`provider.${name}: unknown provider`);
    else for (const c of configs) checkBlock(block, c, `provider.${name}`, errors, true);
  }
  return errors;
}
