/** Validates Talos machine-config documents (multi-document YAML) against the vendored Talos JSON schema. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './paths';

const cache = new Map<string, { ajv: Ajv2020; id: string; defs: Record<string, any> }>();

function schemaFor(minor: string) {
  let entry = cache.get(minor);
  if (!entry) {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'talos', minor, 'config.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(schema);
    entry = { ajv, id: schema.$id, defs: schema.$defs };
    cache.set(minor, entry);
  }
  return entry;
}

/** `v1.12.3` -> `v1.12`; versions without a vendored schema use the newest (v1.13). */
export function schemaMinor(talosVersion: string): string {
  const minor = talosVersion.match(/^v?(\d+\.\d+)/)?.[1];
  return ['1.11', '1.12', '1.13'].includes(minor ?? '') ? `v${minor}` : 'v1.13';
}

/** Errors of every document in a (multi-document) Talos patch; empty when valid. */
export function validateTalosPatch(yamlText: string, talosVersion: string): string[] {
  const { ajv, id, defs } = schemaFor(schemaMinor(talosVersion));
  const errors: string[] = [];
  parseAllDocuments(yamlText).forEach((d, i) => {
    const doc = (d as { toJS(): any }).toJS();
    const def = doc.kind === undefined ? 'v1alpha1.Config' : Object.keys(defs).find((n) => defs[n].properties?.kind?.enum?.includes(doc.kind));
    if (!def) return void errors.push(`doc ${i}: no schema for kind ${doc.kind}`);
    const validate = ajv.getSchema(`${id}#/$defs/${def}`) as ValidateFunction;
    if (!validate(doc)) {
      for (const e of validate.errors ?? []) errors.push(`doc ${i} (${doc.kind ?? 'v1alpha1'}) ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
    }
  });
  return errors;
}
