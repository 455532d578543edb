/**
 * The patch merge the talos provider applies to the generated documents (`config_patches`), on plain data.
 * Ported from siderolabs/talos v1.13.0:
 * - pkg/machinery/config/configpatcher/strategic.go `StrategicMerge`: documents are matched by
 *   `apiVersion/kind[/name]` (the v1alpha1 document has no kind); a matched document is merged, an unmatched
 *   one is appended, and a patch document carrying `$patch: delete` removes its match.
 * - pkg/machinery/config/merge/merge.go `merge`: mappings merge key by key, lists append, scalars from the
 *   patch win; fields tagged `merge:"replace"` (v1alpha1_types.go: `cluster.network.podSubnets`,
 *   `cluster.network.serviceSubnets`, `cluster.apiServer.auditPolicy`) are replaced whole; a mapping holding
 *   `$patch: delete` deletes the key it sits under (configloader selectors).
 * - v1alpha1_types.go `NetworkDeviceList.Merge` / `VlanList.Merge`: `machine.network.interfaces` merge by
 *   `interface` name or equal `deviceSelector`, their `vlans` by `vlanId`.
 */
import type { TalosDocument } from '../network-documents';

type Json = unknown;
const isMap = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDelete = (v: Json) => isMap(v) && v.$patch === 'delete';

const REPLACED = new Set(['cluster.network.podSubnets', 'cluster.network.serviceSubnets', 'cluster.apiServer.auditPolicy']);
/** Lists merged by a key instead of appended. */
const KEYED: Record<string, (x: Record<string, Json>) => string | undefined> = {
  'machine.network.interfaces': (d) =>
    typeof d.interface === 'string' && d.interface ? `i:${d.interface}` : isMap(d.deviceSelector) ? `s:${JSON.stringify(d.deviceSelector)}` : undefined,
  'machine.network.interfaces.vlans': (v) => (v.vlanId !== undefined ? String(v.vlanId) : undefined),
};

/** Identity of a document in the merge: `v1alpha1` for the machine/cluster document. */
export function documentId(doc: TalosDocument): string {
  if (doc.kind === undefined) return 'v1alpha1';
  return `${String(doc.apiVersion)}/${String(doc.kind)}${doc.name !== undefined ? `/${String(doc.name)}` : ''}`;
}

// Merging never mutates its inputs (maps are spread, lists rebuilt), so documents may share unchanged parts.

function mergeList(path: string, left: Json[], right: Json[]): Json[] {
  const keyOf = KEYED[path];
  if (!keyOf) return [...left, ...right.map(stripDeletes)];
  const out = [...left];
  for (const item of right) {
    const key = isMap(item) ? keyOf(item) : undefined;
    const at = key === undefined ? -1 : out.findIndex((x) => isMap(x) && keyOf(x) === key);
    if (at >= 0) out[at] = mergeValue(path, out[at], item);
    else out.push(stripDeletes(item));
  }
  return out;
}

function mergeValue(path: string, left: Json, right: Json): Json {
  if (right === undefined || right === null) return left;
  if (REPLACED.has(path)) return stripDeletes(right);
  if (Array.isArray(right)) return Array.isArray(left) ? mergeList(path, left, right) : stripDeletes(right);
  if (isMap(right)) {
    if (!isMap(left)) return stripDeletes(right);
    const out: Record<string, Json> = { ...left };
    for (const [key, value] of Object.entries(right)) {
      if (key === '$patch') continue;
      if (isDelete(value)) delete out[key];
      else out[key] = mergeValue(path ? `${path}.${key}` : key, left[key], value);
    }
    return out;
  }
  return right;
}

/** `v` without `$patch` markers; the same object when it has none (the common case: no copy). */
function stripDeletes(v: Json): Json {
  if (Array.isArray(v)) {
    const items = v.map(stripDeletes);
    return items.every((x, i) => x === v[i]) ? v : items;
  }
  if (!isMap(v)) return v;
  let changed = false;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === '$patch' || isDelete(x)) {
      changed = true;
      continue;
    }
    const y = stripDeletes(x);
    if (y !== x) changed = true;
    out[k] = y;
  }
  return changed ? out : v;
}

/** Applies one strategic-merge patch (a list of documents) to `base`; returns new documents. */
export function applyPatch(base: readonly TalosDocument[], patch: readonly TalosDocument[]): TalosDocument[] {
  const out = [...base];
  for (const doc of patch) {
    const id = documentId(doc);
    const at = out.findIndex((d) => documentId(d) === id);
    if (at < 0) {
      if (!isDelete(doc)) out.push(stripDeletes(doc) as TalosDocument);
    } else if (isDelete(doc)) {
      out.splice(at, 1);
    } else {
      out[at] = mergeValue('', out[at], doc) as TalosDocument;
    }
  }
  return out;
}
