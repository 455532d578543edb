/** Terraform addresses are a contract: resources get logical ids from profile names, never from paths. */
import type { TerraformResource } from '../cdktf';

/** Sets the Terraform name of `resource` (e.g. `proxmox_virtual_environment_vm.worker-2`). */
export function stableId<T extends { overrideLogicalId(id: string): void }>(resource: T, name: string): T {
  resource.overrideLogicalId(name);
  return resource;
}

export type { TerraformResource };

import { Token } from '../cdktf';

/**
 * Passes a whole object attribute of one resource (e.g. `talos_machine_secrets.x.machine_secrets`) to
 * another resource whose binding expects a struct: it synthesizes as one reference, not a copy.
 */
export function asStruct<T>(attribute: unknown): T {
  return Token.asAny(attribute) as unknown as T;
}

/**
 * The bare Terraform address of a resource (`terraform_data.x`), for `lifecycle.replace_triggered_by`.
 * cdktf renders a resource object there as `"${terraform_data.x}"`, which Terraform's JSON syntax rejects
 * ("Expected the start of an expression"); a plain address string passes through unchanged.
 */
export function addressOf(resource: { terraformResourceType: string; friendlyUniqueId: string }): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
