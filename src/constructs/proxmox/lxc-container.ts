/** An LXC container (bpg `proxmox_virtual_environment_container`): template, features, mount points, NICs and cloud-init-like network settings. */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { resolveContainer } from '../../model/resolve-container';
import { containerSchema } from '../../schema/container';
import { resolvedOf, type WithHostRef } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { LabRegistry } from '../lab/registry';
import type { Container } from '../../model/infra-types';
import { VirtualEnvironmentContainer } from '../../providers';
import { stableId } from '../stable-id';
import { renderDns, renderIpConfig } from './initialization';

/**
 * The fields of a profile's `containers.<name>` entry (docs/profile.md, section containers), validated with the
 * same schema: `vmId`, `host`, `template`, `disk` and `nics` are required; each optional field's default is the
 * one documented there (`unprivileged` @default true, `cores` @default 1, `hostname` @default - the name, ...).
 * `host` is a host name or a `Host`.
 */
export type LxcContainerProps = WithHostRef<z.input<typeof containerSchema>> & {
  /**
   * Name of the container (Terraform name `proxmox_virtual_environment_container.<name>`).
   * @default - the construct id
   */
  readonly name?: string;
};

/** `network_interface[i]` is NIC i (eth<i> unless named); MACs are derived from the CT id like VM MACs. */
export class LxcContainer extends Construct {
  /** The container named `name` in the lab that contains `scope`; a ProfileError lists the known names when missing. */
  static fromName(scope: Construct, name: string): LxcContainer {
    return LabRegistry.of(scope, 'LxcContainer.fromName').find('container', name) as LxcContainer;
  }

  /** The resolved container. */
  readonly container: Container;
  /** The bpg `proxmox_virtual_environment_container` resource, for `addOverride` and references. */
  readonly resource: VirtualEnvironmentContainer;

  constructor(scope: Construct, id: string, props: LxcContainerProps) {
    super(scope, id);
    const registry = LabRegistry.of(this, `LxcContainer ${id}`);
    const c = (this.container = resolvedOf<Container>(props) ?? this.resolve(registry, props));
    registry.register('container', c.name, this, c);
    this.resource = stableId(
      new VirtualEnvironmentContainer(this, 'Resource', {
        nodeName: c.host.nodeName,
        vmId: c.vmId,
        description: c.description,
        tags: c.tags.length ? [...c.tags] : undefined,
        unprivileged: c.unprivileged,
        started: c.started,
        startOnBoot: c.onBoot,
        // Only features that are on: any feature flag on a privileged container is root@pam-only.
        features: c.nesting || c.keyctl || c.fuse
          ? { nesting: c.nesting || undefined, keyctl: c.keyctl || undefined, fuse: c.fuse || undefined }
          : undefined,
        operatingSystem: { templateFileId: c.template, type: c.osType },
        cpu: { cores: c.cores },
        memory: { dedicated: c.memoryMiB, swap: c.swapMiB },
        disk: { datastoreId: c.disk.storage, size: c.disk.sizeGiB },
        mountPoint: c.mountPoints.length === 0 ? undefined : c.mountPoints.map((m) => ({
          volume: m.volume,
          path: m.path,
          size: m.sizeGiB !== undefined ? `${m.sizeGiB}G` : undefined,
          readOnly: m.readOnly || undefined,
          backup: m.backup,
          shared: m.shared || undefined,
        })),
        networkInterface: c.nics.map((n) => ({
          name: n.interfaceName,
          bridge: n.bridge,
          vlanId: n.vlanId,
          mtu: n.mtu,
          macAddress: n.mac,
          firewall: n.firewall,
          enabled: true,
        })),
        initialization: {
          hostname: c.hostname,
          dns: renderDns(c.dns, c.domain),
          ipConfig: renderIpConfig(c.nics),
          userAccount: c.sshKeys.length ? { keys: [...c.sshKeys] } : undefined,
        },
      }),
      c.name,
    );
  }

  private resolve(registry: LabRegistry, props: LxcContainerProps): Container {
    return resolveEntity(this, registry, props, {
      schema: containerSchema,
      section: 'containers',
      resolve: (name, input, problems) => resolveContainer(name, input, registry.hosts(), problems),
    });
  }
}
