import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { synthStack } from '../support/synth';

describe('single-node-gpu profile', () => {
  it('passes the GPU and its audio function to a CPU-type-host VM', async () => {
    const tf = await synthStack('single-node-gpu');
    const vm = tf.resource.proxmox_virtual_environment_vm['talos-gpu-1'];
    assert.equal(vm.cpu.type, 'host');
    assert.equal(vm.machine, 'q35');
    // through resource mappings (the owner's Terraform uses an API token), created in the same stack first
    assert.deepEqual(vm.hostpci.map((h: any) => [h.device, h.mapping, h.id]), [['hostpci0', 'rtx4000', undefined], ['hostpci1', 'rtx4000-audio', undefined]]);
    assert.deepEqual(vm.depends_on, ['proxmox_hardware_mapping_pci.rtx4000', 'proxmox_hardware_mapping_pci.rtx4000-audio']);
    assert.deepEqual(tf.resource.proxmox_hardware_mapping_pci.rtx4000.map, [{ id: '10de:27b0', node: 'ms-a2', path: '0000:07:00.0', iommu_group: 14, subsystem_id: '10de:16fa' }]);
  });

  it('builds the image from qemu-guest-agent, the Longhorn and the NVIDIA extensions', async () => {
    const tf = await synthStack('single-node-gpu');
    const schematic = parse(tf.resource.talos_image_factory_schematic['home-nvidia'].schematic);
    assert.deepEqual(schematic.customization.systemExtensions.officialExtensions, [
      'siderolabs/iscsi-tools',
      'siderolabs/nonfree-kmod-nvidia-production',
      'siderolabs/nvidia-container-toolkit-production',
      'siderolabs/qemu-guest-agent',
      'siderolabs/util-linux-tools',
    ]);
    const image = tf.resource.proxmox_download_file['home-nvidia-ms-a2'];
    assert.equal(image.url, 'https://factory.talos.dev/image/${talos_image_factory_schematic.home-nvidia.id}/v1.12.0/nocloud-amd64.raw.gz');
    assert.equal(tf.resource.proxmox_virtual_environment_vm['talos-gpu-1'].disk[0].file_id, '${proxmox_download_file.home-nvidia-ms-a2.id}');
  });

  it('disables the CNI and kube-proxy, keeps KubePrism on 7445 and removes the control-plane taint', async () => {
    const tf = await synthStack('single-node-gpu');
    const [config] = parseAllDocuments(tf.data.talos_machine_configuration['talos-gpu-1'].config_patches[0]).map((d) => d.toJS());
    assert.equal(config.cluster.network.cni.name, 'none');
    assert.equal(config.cluster.proxy.disabled, true);
    assert.deepEqual(config.machine.features.kubePrism, { enabled: true, port: 7445 });
    assert.equal(config.cluster.allowSchedulingOnControlPlanes, true);
    assert.deepEqual(config.machine.kernel.modules.map((m: any) => m.name), ['nvidia', 'nvidia_uvm', 'nvidia_drm', 'nvidia_modeset']);
    assert.equal(config.machine.install.image, 'factory.talos.dev/nocloud-installer/${talos_image_factory_schematic.home-nvidia.id}:v1.12.0');
  });
});
