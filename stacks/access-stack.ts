/** The optional `<lab>-access` stack: the Proxmox user, ACLs and API token Terraform uses. Apply once with admin credentials. */
import { Construct } from 'constructs';
import { TerraformStack } from '../src/cdktf';
import { ProxmoxAccess } from '../src/constructs/proxmox/proxmox-access';
import { ReadableIds } from '../src/constructs/readable-ids';
import { addStateBackend } from '../src/constructs/terraform/state-backend';
import { labPrivilegeNeeds, privilegesByPath } from '../src/proxmox/privileges';
import type { Lab } from '../src/model/types';
import { ProxmoxProvider } from '../src/providers';

export interface AccessStackProps {
  /** A lab with `proxmox.access`. */
  readonly lab: Lab;
  /** See LabStackProps. @default '../../..' */
  readonly projectDirFromStack?: string;
  /** See LabStackProps. @default - projectDirFromStack */
  readonly stateDirFromStack?: string;
}

export class AccessStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AccessStackProps) {
    super(scope, id);
    ReadableIds.of(this);
    const { lab } = props;
    const access = lab.proxmox.access;
    if (!access) throw new Error(`AccessStack ${id}: the lab has no proxmox.access`);
    const back = props.projectDirFromStack ?? '../../..';
    addStateBackend(this, { state: lab.state, stackName: id, localPath: `${props.stateDirFromStack ?? back}/terraform.${id}.tfstate` });
    // Apply with an administrator: PROXMOX_VE_USERNAME=root@pam + PROXMOX_VE_PASSWORD (never in the profile).
    new ProxmoxProvider(this, 'proxmox', { endpoint: lab.proxmox.endpoint, insecure: lab.proxmox.insecure });
    new ProxmoxAccess(this, 'access', { access, privileges: privilegesByPath(labPrivilegeNeeds(lab)) });
  }
}
