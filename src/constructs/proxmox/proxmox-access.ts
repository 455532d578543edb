/**
 * The Proxmox API access Terraform runs with: a user, a role with exactly the privileges the lab needs
 * (`proxmox_virtual_environment_role`, from the privilege oracle) granted on each ACL path that needs it, and
 * an API token without privilege separation (it carries the user's rights). With built-in `roles` in the
 * profile, those are granted on `path` instead. The token secret is only a sensitive output.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from '../../cdktf';
import type { ProxmoxAccess as ProxmoxAccessModel } from '../../model/infra-types';
import { Acl, UserToken, VirtualEnvironmentRole, VirtualEnvironmentUser } from '../../providers';
import { stableId } from '../stable-id';

export interface ProxmoxAccessProps {
  /** User, token name, role id, or built-in roles and their ACL path. */
  readonly access: ProxmoxAccessModel;
  /**
   * ACL path -> privileges the lab needs there (`privilegesByPath(labPrivilegeNeeds(lab))`); the role gets
   * their union and one ACL per path. Ignored when `access.roles` names built-in roles.
   */
  readonly privileges: ReadonlyMap<string, readonly string[]>;
}

/** `terraform@pve` -> `terraform-pve`, `/vms/450` -> `vms-450`, `/` -> `root`: a Terraform name. */
const tfName = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';

export class ProxmoxAccess extends Construct {
  readonly user: VirtualEnvironmentUser;
  readonly token: UserToken;
  /** The computed role, unless the profile names built-in roles. */
  readonly role?: VirtualEnvironmentRole;

  constructor(scope: Construct, id: string, props: ProxmoxAccessProps) {
    super(scope, id);
    const a = props.access;
    const userName = tfName(a.user);
    this.user = stableId(
      new VirtualEnvironmentUser(this, 'user', { userId: a.user, comment: a.comment ?? 'Terraform (homelab-cdk)', enabled: true }),
      userName,
    );
    let acls: Acl[];
    if (a.roles) {
      acls = a.roles.map((role) =>
        stableId(new Acl(this, `acl-${role}`, { path: a.path, roleId: role, userId: this.user.userId, propagate: true }), `${userName}-${tfName(role)}`),
      );
    } else {
      const privileges = [...new Set([...props.privileges.values()].flat())].sort();
      const role = (this.role = stableId(new VirtualEnvironmentRole(this, 'role', { roleId: a.role, privileges }), tfName(a.role)));
      // Propagate: an ACL on a bridge covers its VLAN tags (/sdn/zones/localnetwork/<bridge>/<tag>).
      acls = [...props.privileges.keys()].map((path) =>
        stableId(new Acl(this, `acl${path}`, { path, roleId: role.roleId, userId: this.user.userId, propagate: true }), `${userName}-${tfName(path)}`),
      );
    }
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
