/**
 * Readable, collision-checked Terraform names for a whole stack. cdktf names an element created inside a
 * construct after its construct path plus a hash (`jellyfin_nfs-mount_E9283E85`); for outputs, which a
 * person reads and scripts call (`terraform output jellyfin_nfs-mount`), the hash is dropped. Resources and
 * data sources get their names from `stableId`. Every Terraform name in the stack is checked once at synth:
 * two elements of one kind with one name would be one block in the JSON (the later silently wins).
 */
import type { IConstruct } from 'constructs';
import { Aspects, TerraformElement, TerraformOutput, type IAspect, type TerraformStack } from '../cdktf';
import { ProfileError } from '../errors';

/** Characters Terraform accepts in a name; cdktf's own id scheme drops the others the same way. */
const DISALLOWED = /[^A-Za-z0-9_-]/g;

/**
 * The output name of a construct path relative to its stack: the ids joined with `_` (cdktf's hidden id
 * `Default` left out, characters Terraform rejects removed), e.g. `jellyfin_nfs-mount`.
 */
export function readableOutputId(output: TerraformOutput): string {
  const scopes = output.node.scopes;
  const parts = scopes.slice(scopes.indexOf(output.cdktfStack) + 1).map((c) => c.node.id).filter((id) => id !== 'Default');
  const name = parts.map((p) => p.replace(DISALLOWED, '')).filter(Boolean).join('_');
  // A Terraform name starts with a letter or an underscore.
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/** The Terraform address of an element (`output.x`, `var.x`, `local.x`, `data.t.x`, `t.x`), or undefined for providers and backends. */
export function terraformAddress(element: TerraformElement): string | undefined {
  const kind = TerraformOutput.isTerraformOutput(element) ? 'output' : (element as unknown as { _elementType?: string })._elementType;
  return kind ? `${kind}.${element.friendlyUniqueId}` : undefined;
}

/** cdktf's private naming state of an element (terraform-element.js in cdktf 0.21.0). */
interface NamingState {
  _logicalIdOverride?: string;
  _friendlyUniqueId?: string;
  _fqnToken?: string;
}

/**
 * Names an output after its path unless it has a name of its own (`overrideLogicalId`) or something already
 * refers to it (`.fqn` requested: its cdktf name is then part of another expression and stays).
 */
function nameOutput(output: TerraformOutput): void {
  const state = output as unknown as NamingState;
  if (state._logicalIdOverride !== undefined || state._fqnToken !== undefined) return;
  output.overrideLogicalId(readableOutputId(output));
  // cdktf caches the name on first read; drop a cached hashed name so the override is what synthesizes.
  state._friendlyUniqueId = undefined;
}

/**
 * Gives every output of `stack` without a name of its own the readable name of its construct path, then
 * refuses two elements with one Terraform address, naming both construct paths. Runs once, when the app
 * synthesizes, so constructs added after the stack (e.g. by `synth({ extend })`) are covered.
 */
export class ReadableIds implements IAspect {
  /** Adds the aspect to `stack`. */
  static of(stack: TerraformStack): void {
    Aspects.of(stack).add(new ReadableIds(stack));
  }

  private constructor(private readonly stack: TerraformStack) {}

  visit(node: IConstruct): void {
    if (node !== this.stack) return;
    const elements = this.stack.node.findAll().filter((c): c is TerraformElement => TerraformElement.isTerraformElement(c) && c.cdktfStack === this.stack);
    for (const e of elements) {
      if (TerraformOutput.isTerraformOutput(e)) nameOutput(e);
    }
    const taken = new Map<string, string>();
    for (const e of elements) {
      const address = terraformAddress(e);
      if (address === undefined) continue;
      const other = taken.get(address);
      if (other !== undefined) {
        throw new ProfileError([{ path: e.node.path, message: `Terraform address ${address} is used by two constructs (${other} and ${e.node.path}), which would become one resource`, fix: 'give one of them another id or name' }]);
      }
      taken.set(address, e.node.path);
    }
  }
}
