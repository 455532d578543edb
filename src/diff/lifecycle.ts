/**
 * `lifecycle` as Terraform plans it: a change at an attribute listed in `ignore_changes` (or under it; `"all"`
 * ignores every attribute) is no update and forces no replacement, also not through a reference; a change of the
 * `lifecycle` meta-argument itself changes nothing in the resource. Used for Talos boot disks
 * (`disk[0].file_id`) and first-boot-only K3s user-data (`initialization[0].user_data_file_id`).
 */
import { schemaPath, under } from './values';

/** True when `path` (indexed, `disk[0].file_id`) lies at or under `prefix` (`disk[0]`, `disk[0].file_id`). */
const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** True when Terraform takes no action on a change at this (indexed) path of a resource with this body. */
export function isIgnored(body: unknown, path: string): boolean {
  if (under(schemaPath(path), 'lifecycle')) return true;
  const list = (body as { lifecycle?: { ignore_changes?: unknown } } | undefined)?.lifecycle?.ignore_changes;
  if (list === 'all') return true;
  if (!Array.isArray(list)) return false;
  // An entry with indexes names one element (`disk[0].file_id` leaves `disk[1].file_id` planned); one without
  // indexes names the attribute in every element. cdktf writes a single nested block as an object, so
  // `initialization[0].user_data_file_id` also matches `initialization.user_data_file_id`.
  return list.some((p) => typeof p === 'string'
    && (/\[\d+\]/.test(p) ? within(path, p) || within(path, p.replace(/\[0\]/g, '')) : under(schemaPath(path), p)));
}
