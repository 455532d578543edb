/**
 * The Proxmox API access Terraform runs with: a user, one ACL entry per role on the path, and an API token
 * without privilege separation (it carries the user's rights). The token secret is only a sensitive output.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../../cdktf';
import type { ProxmoxAccess as ProxmoxAccessModel } from '../../model/infra-types';
import { Acl, UserToken, VirtualEnvironmentUser } from '../../providers';
import { stableId } from '../stable-id';

export interface ProxmoxAccessProps {
  /** User, token name, roles (e.g. PVEVMAdmin) and ACL path. */
  readonly access: ProxmoxAccessModel;
}

/** `terraform@pve` -> `terraform-pve`: a Terraform name. */
const tfName = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-');

export class ProxmoxAccess extends Construct {
  readonly user: VirtualEnvironmentUser;
  readonly token: UserToken;

  constructor(scope: Construct, id: string, props: ProxmoxAccessProps) {
    super(scope, id);
    const a = props.access;
    const userName = tfName(a.user);
    this.user = stableId(
      new VirtualEnvironmentUser(this, 'user', { userId: a.user, comment: a.comment ?? 'Terraform (homelab-cdk)', enabled: true }),
      userName,
    );
    const acls = a.roles.map((role) =>
      stableId(
        new Acl(this, `acl-${role}`, { path: a.path, roleId: role, userId: this.user.userId, propagate: true }),
        `${userName}-${tfName(role)}`,
      ),
    );
    this.token = stableId(
      new UserToken(this, 'token', {
        userId: this.user.userId,
        tokenName: a.token,
        privilegesSeparation: false,
        comment: 'homelab-cdk: export as PROXMOX_VE_API_TOKEN',
        dependsOn: acls,
      }),
      `${userName}-${tfName(a.token)}`,
    );
    new TerraformOutput(this, 'token-id', { value: `${a.user}!${a.token}` }).overrideLogicalId('proxmox_token_id');
    new TerraformOutput(this, 'token-value', { value: this.token.value, sensitive: true }).overrideLogicalId('proxmox_api_token');
  }
}
