/** The lab-wide settings of a LabStack, from a resolved lab, a profile or the stack's own props. No cdktf. */
import type { z } from 'zod';
import { PROXMOX_DEFAULTS } from '../../defaults';
import type { Lab } from '../../model/types';
import { resolveAccess, resolveState, resolveTerraformUser } from '../../model/resolve-proxmox';
import { profileSchema, type ProfileInput } from '../../schema/profile';
import { proxmoxSchema } from '../../schema/proxmox';
import { stateSchema } from '../../schema/state';
import { parseName, parseProps } from './props';
import type { LabSettings } from './registry';

const acknowledgeSchema = profileSchema.shape.acknowledge.unwrap();

/** The lab-wide props of a LabStack. */
export interface LabSettingsInput {
  /**
   * A resolved lab (`loadLab(profile)`, or a part of one): each of its entities becomes its construct.
   * @default - none: the lab is what you add in code (and `profile`)
   */
  readonly lab?: Lab;
  /**
   * A profile object (validated here): each entry becomes the construct an author would write, with the entry
   * as its props. Not together with `lab`.
   * @default - none
   */
  readonly profile?: ProfileInput;
  /** Name of the lab (inventory, state key). @default - the lab's or profile's name, else the stack id */
  readonly name?: string;
  /**
   * Proxmox provider settings: the profile's `proxmox` section without `mappings` (use `PciMapping`).
   * @default - endpoint of the first host (by name), insecure false, sshUser 'root', Terraform as root@pam
   */
  readonly proxmox?: Omit<z.input<typeof proxmoxSchema>, 'mappings'>;
  /** Terraform backend, like the profile's `state`. @default - a local state file per stack (see LabStackProps.stateDirFromStack) */
  readonly state?: z.input<typeof stateSchema>;
  /** Warnings of the validate rules this lab accepts, by rule id, each with a reason. @default - none */
  readonly acknowledge?: readonly { readonly id: string; readonly reason: string }[];
}

export function labSettings(id: string, props: LabSettingsInput, outputPath: (path: string) => string): LabSettings {
  const { lab } = props;
  if (lab) {
    return {
      name: props.name ?? lab.name,
      proxmox: lab.proxmox,
      state: lab.state,
      acknowledge: lab.acknowledge,
      mappingsDeclared: lab.proxmox.mappings.size > 0,
      base: lab,
      outputPath,
    };
  }
  const name = parseName(props.name ?? props.profile?.name ?? id, id);
  const proxmox = props.profile?.proxmox ?? (props.proxmox && parseProps(proxmoxSchema, props.proxmox, id, ['proxmox']));
  const state = props.profile?.state ?? (props.state && parseProps(stateSchema, props.state, id, ['state']));
  return {
    name,
    proxmox: {
      endpoint: proxmox?.endpoint,
      insecure: proxmox?.insecure ?? PROXMOX_DEFAULTS.insecure,
      sshUser: proxmox?.sshUser ?? PROXMOX_DEFAULTS.sshUser,
      clusterName: proxmox?.clusterName,
      access: resolveAccess(proxmox?.access, name),
      terraformUser: resolveTerraformUser(proxmox),
    },
    state: resolveState(state),
    acknowledge: (props.profile?.acknowledge ?? (props.acknowledge && parseProps(acknowledgeSchema, props.acknowledge, id, ['acknowledge'])) ?? [])
      .map(({ id: rule, reason }) => ({ id: rule, reason })),
    mappingsDeclared: props.profile?.proxmox?.mappings !== undefined,
    stacks: props.profile?.stacks ?? 'single',
    outputPath,
  };
}
