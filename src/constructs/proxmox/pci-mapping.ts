/** A cluster-wide PCI resource mapping (bpg `proxmox_hardware_mapping_pci`): VMs pass the device by name, with API tokens. */
import { Construct } from 'constructs';
import type { PciMapping as PciMappingModel } from '../../model/infra-types';
import { HardwareMappingPci } from '../../providers';
import { stableId } from '../stable-id';

export interface PciMappingProps {
  /** The resolved mapping: one entry per node with address, vendor:device, IOMMU group and subsystem id. */
  readonly mapping: PciMappingModel;
}

export class PciMapping extends Construct {
  readonly resource: HardwareMappingPci;

  constructor(scope: Construct, id: string, props: PciMappingProps) {
    super(scope, id);
    const m = props.mapping;
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
}
