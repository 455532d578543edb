/**
 * Offline stand-in for `kubectl apply --dry-run=server --validate=strict`: validates Kubernetes objects against
 * the vendored schemas. CRD instances use the `openAPIV3Schema` of the served version named in `apiVersion`
 * (schemas/crds/<group>/<kind>.yaml); core kinds use schemas/kubernetes/v1.33/definitions.json. One ajv
 * instance, every validator compiled once on first use and shared by all tests.
 *
 * Adjustments that make plain JSON Schema behave like the API server (data files stay untouched):
 * - IntOrString (`format: int-or-string` / `x-kubernetes-int-or-string`) accepts integers and strings;
 * - Quantity accepts numbers (`cpu: 1`);
 * - unknown fields are rejected: `additionalProperties: false` on every object schema with `properties`, unless
 *   it is `x-kubernetes-preserve-unknown-fields` or `x-kubernetes-embedded-resource`;
 * - a CRD's `metadata: {type: object}` is replaced by the core ObjectMeta (typos such as `lables` are caught).
 * CEL rules (`x-kubernetes-validations`) are not evaluated. An object whose apiVersion/kind has no vendored
 * schema is an error ("no schema for ..."), never silently accepted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './paths';

export const K8S_VERSION = 'v1.33';
const CRD_DIR = join(ROOT, 'schemas', 'crds');
const CORE_ID = 'k8s-definitions.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Maps Kubernetes OpenAPI extensions onto plain JSON Schema, in place. */
function k8sify(s: any): any {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return s;
  if (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string') {
    if (s.format === 'int-or-string') delete s.format;
    if (s.anyOf) delete s.type;
    else s.type = ['integer', 'string'];
  }
  if (s.properties && s.additionalProperties === undefined
    && !s['x-kubernetes-preserve-unknown-fields'] && !s['x-kubernetes-embedded-resource']) {
    s.additionalProperties = false;
  }
  for (const k of ['properties', 'patternProperties', 'definitions']) Object.values(s[k] ?? {}).forEach(k8sify);
  for (const k of ['items', 'additionalProperties', 'not']) k8sify(s[k]);
  for (const k of ['anyOf', 'oneOf', 'allOf']) (s[k] ?? []).forEach(k8sify);
  return s;
}

/** `10.0.0.0/24`, `fd00::/64` (used by the Cilium CRDs). */
function isCidr(v: string): boolean {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
  if (!m) return false;
  const family = isIP(m[1]!);
  const bits = Number(m[2]);
  return family === 4 ? bits <= 32 : family === 6 ? bits <= 128 : false;
}

interface Entry { validate: ValidateFunction; src: string }

let ajv: Ajv | undefined;
let coreIndex: Map<string, string> | undefined; // "apps/v1/Deployment" -> definition name
const validators = new Map<string, Entry | string>(); // key -> compiled validator, or the "no schema" reason
const crdFiles = new Map<string, any[]>(); // file -> CustomResourceDefinition documents

/** Loads the core definitions into the shared ajv instance (once). */
function core(): { ajv: Ajv; index: Map<string, string> } {
  if (!ajv || !coreIndex) {
    const file = join(ROOT, 'schemas', 'kubernetes', K8S_VERSION, 'definitions.json');
    const definitions = JSON.parse(readFileSync(file, 'utf8')).definitions as Record<string, any>;
    definitions[QUANTITY]!.type = ['string', 'number'];
    k8sify({ definitions });
    const instance = new Ajv({ strict: false, allErrors: true });
    addFormats(instance);
    instance.addFormat('cidr', { type: 'string', validate: isCidr });
    instance.addSchema({ $id: CORE_ID, definitions });
    const index = new Map<string, string>();
    for (const [name, def] of Object.entries(definitions)) {
      for (const g of def['x-kubernetes-group-version-kind'] ?? []) index.set(gvk(g.group, g.version, g.kind), name);
    }
    ajv = instance;
    coreIndex = index;
  }
  return { ajv, index: coreIndex };
}

const gvk = (group: string, version: string, kind: string) => `${group ? `${group}/` : ''}${version}/${kind}`;

function crdsIn(file: string): any[] {
  let docs = crdFiles.get(file);
  if (!docs) {
    docs = existsSync(file)
      ? parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((d) => d?.kind === 'CustomResourceDefinition')
      : [];
    crdFiles.set(file, docs);
  }
  return docs;
}

/** The validator for an apiVersion/kind, or why there is none. */
function validatorFor(apiVersion: string, kind: string): Entry | string {
  const key = `${apiVersion}/${kind}`;
  let entry = validators.get(key);
  if (entry) return entry;
  const { ajv: instance, index } = core();
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const coreName = index.get(gvk(group, version, kind));
  if (coreName) {
    entry = { validate: instance.getSchema(`${CORE_ID}#/definitions/${coreName}`)!, src: `kubernetes/${K8S_VERSION} ${coreName}` };
  } else if (!group) {
    entry = `no schema for ${apiVersion}/${kind} (not a core kind in schemas/kubernetes/${K8S_VERSION}/definitions.json; `
      + 'add it to scripts/extract-k8s-definitions.js)';
  } else {
    // CRDs are vendored as schemas/crds/<group>/<lowercase kind>.yaml.
    const rel = join(group, `${kind.toLowerCase()}.yaml`);
    const crd = crdsIn(join(CRD_DIR, rel)).find((c) => c.spec?.group === group && c.spec?.names?.kind === kind);
    const served = (crd?.spec?.versions ?? []).filter((v: any) => v.served);
    const v = served.find((x: any) => x.name === version);
    if (!crd) {
      entry = `no schema for ${apiVersion}/${kind} (no CRD at schemas/crds/${rel}, not a vendored core kind)`;
    } else if (!v?.schema?.openAPIV3Schema) {
      entry = `no schema for ${apiVersion}/${kind} (schemas/crds/${rel} serves ${served.map((x: any) => x.name).join(', ') || 'no version'})`;
    } else {
      const schema = k8sify(structuredClone(v.schema.openAPIV3Schema));
      if (schema.properties) schema.properties.metadata = { $ref: `${CORE_ID}#/definitions/${OBJECT_META}` };
      entry = { validate: instance.compile(schema), src: `crds/${rel} ${version}` };
    }
  }
  validators.set(key, entry);
  return entry;
}

/** `<kind>/<namespace>/<name>`, with `-` for a missing part (cluster-scoped objects have namespace `-`). */
export function objectId(obj: any): string {
  return `${obj?.kind ?? '-'}/${obj?.metadata?.namespace ?? '-'}/${obj?.metadata?.name ?? '-'}`;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, any>;
  const extra = p.additionalProperty ?? p.allowedValues?.join('|') ?? p.missingProperty ?? p.format ?? '';
  return `${e.instancePath || '/'}: ${e.message}${extra !== '' ? ` (${extra})` : ''}`;
}

/** Every schema violation of one Kubernetes object, each prefixed with `<kind>/<namespace>/<name>`; empty when valid. */
export function validateK8sObject(obj: any): string[] {
  const id = objectId(obj);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [`${id}: not an object`];
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !obj.apiVersion || !obj.kind) {
    return [`${id}: apiVersion and kind must be non-empty strings (got ${JSON.stringify(obj.apiVersion)}, ${JSON.stringify(obj.kind)})`];
  }
  const entry = validatorFor(obj.apiVersion, obj.kind);
  if (typeof entry === 'string') return [`${id}: ${entry}`];
  if (entry.validate(obj)) return [];
  return (entry.validate.errors ?? []).map((e) => `${id} ${describe(e)} [${entry.src}]`);
}

/** Errors of all objects (see validateK8sObject); empty when all are valid. */
export function validateK8sObjects(objs: any[]): string[] {
  return objs.flatMap((o) => validateK8sObject(o));
}

/** The objects of a (multi-document) YAML text; empty documents are skipped, YAML errors throw. */
export function parseYamlObjects(text: string): any[] {
  return parseAllDocuments(text).flatMap((d, i) => {
    if (d.errors.length) throw new Error(`YAML document ${i}: ${d.errors.map((e) => e.message).join('; ')}`);
    const js = d.toJS();
    return js == null ? [] : [js];
  });
}
