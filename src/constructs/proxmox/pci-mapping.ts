/** A cluster-wide PCI resource mapping (bpg `proxmox_hardware_mapping_pci`): VMs pass the device by name, with API tokens. */
import { Construct } from 'constructs';
import type { z } from 'zod';
import { resolveMappings } from '../../model/resolve-proxmox';
import { pciMappingSchema } from '../../schema/proxmox';
import { resolvedOf, type WithHostRef } from '../lab/props';
import { resolveEntity } from '../lab/resolve-props';
import { LabRegistry } from '../lab/registry';
import type { PciMapping as PciMappingModel } from '../../model/infra-types';
import { HardwareMappingPci } from '../../providers';
import { stableId } from '../stable-id';

/**
 * The fields of a profile's `proxmox.mappings.<name>` entry (docs/profile.md, section proxmox), validated with the
 * same schema: `map` (one entry per node, `host` a host name or a `Host`) is required; `kind` @default - the kind
 * of the first device, `comment` @default - none. Once a lab has a PciMapping, every VM's `pci[].mapping` must name one.
 */
export type PciMappingProps = Omit<z.input<typeof pciMappingSchema>, 'map'> & {
  readonly map: readonly WithHostRef<z.input<typeof pciMappingSchema>['map'][number]>[];
  /**
   * Name of the mapping (what VMs pass in `pci[].mapping`; Terraform name `proxmox_hardware_mapping_pci.<name>`).
   * @default - the construct id
   */
  readonly name?: string;
};

export class PciMapping extends Construct {
  /** The mapping named `name` in the lab that contains `scope`; a ProfileError lists the known names when missing. */
  static fromName(scope: Construct, name: string): PciMapping {
    return LabRegistry.of(scope, 'PciMapping.fromName').find('mapping', name) as PciMapping;
  }

  /** The resolved mapping: one entry per node with address, vendor:device, IOMMU group and subsystem id. */
  readonly mapping: PciMappingModel;
  /** The bpg `proxmox_hardware_mapping_pci` resource, for `addOverride` and references. */
  readonly resource: HardwareMappingPci;

  constructor(scope: Construct, id: string, props: PciMappingProps) {
    super(scope, id);
    const registry = LabRegistry.of(this, `PciMapping ${id}`);
    const m = (this.mapping = resolvedOf<PciMappingModel>(props) ?? this.resolve(registry, props));
    registry.register('mapping', m.name, this, m);
    this.resource = stableId(
      new HardwareMappingPci(this, 'Resource', {
        name: m.name,
        comment: m.comment,
        map: m.map.map((e) => ({
          nodeAttribute: e.host.nodeName,
          path: e.path,
          id: e.id,
          iommuGroup: e.iommuGroup,
          subsystemId: e.subsystemId,
          comment: e.comment,
        })),
      }),
      m.name,
    );
  }

  private resolve(registry: LabRegistry, props: PciMappingProps): PciMappingModel {
    return resolveEntity(this, registry, props, {
      schema: pciMappingSchema,
      section: 'proxmox.mappings',
      resolve: (name, input, problems) => resolveMappings({ [name]: input }, registry.hosts(), problems).get(name),
    });
  }
}
