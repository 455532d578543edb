/** A Proxmox node of the lab: what VMs, containers and images on it may use (bridges, storage, PCI devices). */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { LabRegistry } from '../lab/registry';
import { resolvedOf } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { resolveHost } from '../../model/resolve-host';
import type { Host as HostModel } from '../../model/types';
import { hostSchema } from '../../schema/host';

/**
 * The fields of a profile's `hosts.<name>` entry (docs/profile.md, section hosts), validated with the same
 * schema: `address`, `cpuThreads`, `memoryMiB`, `storage` and `bridges` are required; each optional field's
 * default is the one documented there (e.g. `nodeName` @default - the name, `endpoint` @default
 * `https://<address>:8006/`, `sshPort` @default 22, `pci` @default - none).
 */
export type HostProps = z.input<typeof hostSchema> & {
  /**
   * Name of the host in the lab (the key other constructs use in `host: 'pve'`).
   * @default - the construct id
   */
  readonly name?: string;
};

/** Creates no Terraform resource: it is the host other constructs resolve against (`host: 'pve'` or `host: pve`). */
export class Host extends Construct {
  /** The Host named `name` in the lab that contains `scope`; a ProfileError lists the known names when missing. */
  static fromName(scope: Construct, name: string): Host {
    return LabRegistry.of(scope, 'Host.fromName').find('host', name) as Host;
  }

  /** Name of the host in the lab. */
  readonly key: string;
  /**
   * The resolved host (defaults filled in). Storage another host declares as shared is added to every host
   * when the lab is assembled (`LabStack.lab`).
   */
  readonly host: HostModel;

  constructor(scope: Construct, id: string, props: HostProps) {
    super(scope, id);
    const registry = LabRegistry.of(this, `Host ${id}`);
    const given = resolvedOf<HostModel>(props);
    if (given) {
      this.host = given;
    } else {
      this.host = resolveEntity(this, registry, props, { schema: hostSchema, section: 'hosts', resolve: (name, input) => resolveHost(name, input) });
    }
    this.key = this.host.key;
    registry.register('host', this.key, this, this.host);
  }
}
