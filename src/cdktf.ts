/**
 * The single module that imports cdktf (archived upstream in Dec 2025). Everything else imports these
 * names from here, so moving to a maintained fork is a change of this file (and a regeneration of the
 * provider bindings with that fork's generator).
 */
export {
  App,
  Fn,
  LocalBackend,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
} from 'cdktf';
export type { ITerraformDependable, TerraformResourceConfig } from 'cdktf';
