/** An LXC container (bpg `proxmox_virtual_environment_container`): template, features, mount points, NICs and cloud-init-like network settings. */
import { Construct } from 'constructs';
import type { Container } from '../../model/infra-types';
import { VirtualEnvironmentContainer } from '../../providers';
import { stableId } from '../stable-id';
import { renderDns, renderIpConfig } from './initialization';

export interface LxcContainerProps {
  /** The resolved container (see `resolveContainer`). */
  readonly container: Container;
}

/** `network_interface[i]` is NIC i (eth<i> unless named); MACs are derived from the CT id like VM MACs. */
export class LxcContainer extends Construct {
  readonly resource: VirtualEnvironmentContainer;

  constructor(scope: Construct, id: string, props: LxcContainerProps) {
    super(scope, id);
    const c = props.container;
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
}
