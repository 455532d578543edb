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

export interface LabSettingsInput {
  readonly lab?: Lab;
  readonly profile?: ProfileInput;
  readonly name?: string;
  readonly proxmox?: Omit<z.input<typeof proxmoxSchema>, 'mappings'>;
  readonly state?: z.input<typeof stateSchema>;
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
    outputPath,
  };
}
