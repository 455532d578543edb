/** Terraform addresses are a contract: resources get logical ids from profile names, never from paths. */
import type { TerraformResource } from '../cdktf';
import { TerraformDataSource, Token } from '../cdktf';
import { ProfileError } from '../errors';

/** Terraform addresses taken in each stack, with the construct path that took them. */
const taken = new WeakMap<object, Map<string, string>>();

/**
 * Sets the Terraform name of `resource` (e.g. `proxmox_virtual_environment_vm.worker-2`). Two constructs
 * given the same name would silently become one Terraform resource (the later one wins in the JSON), so a
 * name already taken in the stack for that type is refused, naming both construct paths.
 */
export function stableId<T extends { overrideLogicalId(id: string): void }>(resource: T, name: string): T {
  const el = resource as unknown as { cdktfStack?: object; terraformResourceType?: string; node?: { path: string } };
  if (el.cdktfStack && el.terraformResourceType && el.node) {
    const kind = resource instanceof TerraformDataSource ? 'data.' : '';
    const address = `${kind}${el.terraformResourceType}.${name}`;
    let addresses = taken.get(el.cdktfStack);
    if (!addresses) taken.set(el.cdktfStack, (addresses = new Map()));
    const other = addresses.get(address);
    if (other !== undefined && other !== el.node.path) {
      throw new ProfileError([{ path: el.node.path, message: `Terraform address ${address} is used by two constructs (${other} and ${el.node.path}), which would become one resource`, fix: 'give one of them another name' }]);
    }
    addresses.set(address, el.node.path);
  }
  resource.overrideLogicalId(name);
  return resource;
}

export type { TerraformResource };


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
