import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { gpuPostRenderPatches, withGpuValues } from '../../src/constructs/gitops/gpu-injection';
import { gitopsFolders } from '../../src/gitops/synth-gitops';
import { k3sConfig } from '../../src/k3s/config';
import { k3sUserData } from '../../src/k3s/user-data';
import { loadLab } from '../../src/model/load';
import { resolveLab } from '../../src/model/resolve';
import { loadProfileFile } from '../../src/schema/load';
import { machineFragment } from '../../src/talos/machine-patches';
import { checkCluster } from '../../src/talos/oracle';
import { validateLab } from '../../src/validate/validate';
import { synth } from '../../src/synth/synth';
import { bootstrapCommand } from '../../src/gitops/synth-gitops';
import { resynthTree, simulateBootstrap } from '../support/bootstrap-sim';
import { validateK8sObjects } from '../support/k8s-schema';
import { kustomizeBuild } from '../support/kustomize';
import { fixturePath } from '../support/paths';
import { synthStack } from '../support/synth';

const fixture = (name: string) => fixturePath('gpu', `${name}.yaml`);
const objectsOf = (name: string) => {
  const lab = loadLab(fixture(name));
  const gitops = (lab.clusters[0] ?? lab.k3sClusters[0])!.gitops!;
  return gitopsFolders(gitops).flatMap((f) => f.objects) as any[];
};
const errorsOf = (name: string) => validateLab(loadLab(fixture(name))).filter((f) => f.severity === 'error');

describe('GPUs of every vendor', () => {
  it('Intel Arc on Talos 1.12: the worker image has i915 and xe, the node its label, no NVIDIA patch', async () => {
    const tf = await synthStack(fixture('intel-arc-talos'));
    const schematics = tf.resource.talos_image_factory_schematic;
    assert.deepEqual(Object.keys(schematics).sort(), ['media-intel', 'media-standard']);
    assert.deepEqual(parse(schematics['media-intel'].schematic).customization.systemExtensions.officialExtensions,
      ['siderolabs/i915', 'siderolabs/qemu-guest-agent', 'siderolabs/xe']);
    const cluster = loadLab(fixture('intel-arc-talos')).clusters[0]!;
    const machine = machineFragment(cluster, cluster.workers[0]!, 'img').machine as any;
    assert.deepEqual(machine.nodeLabels, { 'gpu.intel.com/present': 'true' });
    assert.equal(machine.kernel, undefined);
    assert.equal(machine.sysctls, undefined);
    assert.deepEqual(checkCluster(cluster), []);
    assert.deepEqual(errorsOf('intel-arc-talos'), []);
  });

  it('GPU nodes of every vendor pass the Talos config oracle on 1.11, 1.12 and 1.13, with the extensions of each version', () => {
    for (const version of ['v1.11.6', 'v1.12.4', 'v1.13.0']) {
      const input = structuredClone(loadProfileFile(fixture('mixed-talos'))) as any;
      input.clusters.lab.talosVersion = version;
      const cluster = resolveLab(input).clusters[0]!;
      assert.deepEqual(checkCluster(cluster), [], version);
      const intel = cluster.workers.find((w) => w.vm.gpu?.vendor === 'intel')!;
      assert.equal(intel.extensions.includes('siderolabs/xe'), version !== 'v1.11.6', version);
    }
  });

  it('Intel Arc: the tree has the operator (with cert-manager), a GpuDevicePlugin, and Jellyfin asks for gpu.intel.com/i915', () => {
    const objs = objectsOf('intel-arc-talos');
    const names = objs.filter((o) => o.kind === 'HelmRelease').map((o) => o.metadata.name).sort();
    assert.deepEqual(names, ['cert-manager', 'intel-device-plugins-operator', 'jellyfin']);
    const plugin = objs.find((o) => o.kind === 'GpuDevicePlugin')!;
    assert.deepEqual(plugin, {
      apiVersion: 'deviceplugin.intel.com/v1', kind: 'GpuDevicePlugin', metadata: { name: 'gpu' },
      spec: { image: 'intel/intel-gpu-plugin:0.36.0', sharedDevNum: 1, nodeSelector: { 'gpu.intel.com/present': 'true' } },
    });
    const ns = objs.find((o) => o.kind === 'Namespace' && o.metadata.name === 'inteldeviceplugins-system')!;
    assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'privileged');
    const jellyfin = objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'jellyfin')!;
    assert.deepEqual(jellyfin.spec.values.resources, { requests: { memory: '2Gi', cpu: '1' }, limits: { 'gpu.intel.com/i915': 1 } });
    assert.deepEqual(jellyfin.spec.values.nodeSelector, { 'gpu.intel.com/present': 'true' });
    assert.equal(jellyfin.spec.values.runtimeClassName, undefined);
    const patches = jellyfin.spec.postRenderers[0].kustomize.patches;
    assert.deepEqual(JSON.parse(patches[1].patch), [{ op: 'add', path: '/spec/template/spec/containers/0/resources/limits/gpu.intel.com~1i915', value: 1 }]);
    assert.deepEqual(validateK8sObjects(objs), []);
  });

  it('Intel Arc: every folder of the written tree builds with kustomize', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-gpu-'));
    const result = await synth({ profile: fixture('intel-arc-talos'), projectDir: dir });
    assert.ok(result);
    for (const folder of ['platform/intel-gpu-plugin', 'platform/intel-device-plugins-operator', 'apps/jellyfin']) {
      const r = kustomizeBuild(join(dir, 'gitops', 'media', folder));
      if (r.skipped) return t.skip(r.skipped);
      assert.ok(r.ok, `${folder}: ${r.error}`);
    }
  });

  for (const name of ['intel-arc-talos', 'amd-k3s', 'mixed-talos']) {
    it(`${name}: every object becomes ready on an empty cluster (bootstrap simulation)`, async () => {
      const lab = loadLab(fixture(name));
      const cluster = (lab.clusters[0] ?? lab.k3sClusters[0])!;
      const g = cluster.gitops!;
      const dir = mkdtempSync(join(tmpdir(), 'homelab-gpu-sim-'));
      await synth({ profile: fixture(name), projectDir: dir });
      const r = simulateBootstrap({ projectDir: dir, steps: [...g.bootstrapSecrets.map((s) => s.command), bootstrapCommand(g)], talos: g.talos, cniNone: false, resynth: resynthTree(g, dir) });
      assert.deepEqual([r.errors, r.stuck], [[], {}]);
      if (name === 'intel-arc-talos') {
        const i = (key: string) => { const n = r.order.indexOf(key); assert.ok(n >= 0, `${key} ready`); return n; };
        assert.ok(i('HelmRelease/inteldeviceplugins-system/intel-device-plugins-operator') < i('GpuDevicePlugin/-/gpu'));
        assert.ok(i('HelmRelease/cert-manager/cert-manager') < i('HelmRelease/inteldeviceplugins-system/intel-device-plugins-operator'));
      }
    });
  }

  it('Intel: a profile app that installs the operator chart is used, not a second derived operator', () => {
    const input = structuredClone(loadProfileFile(fixture('intel-arc-talos'))) as any;
    input.clusters.media.apps['intel-device-plugins'] = { namespace: 'kube-system', chart: { repo: 'https://intel.github.io/helm-charts', name: 'intel-device-plugins-operator', version: '0.34.0' } };
    input.clusters.media.apps['cert-manager'] = {};
    const apps = resolveLab(input).clusters[0]!.gitops!.apps;
    assert.deepEqual(apps.filter((a) => a.chart?.name === 'intel-device-plugins-operator').map((a) => a.name), ['intel-device-plugins']);
    const plugin = apps.find((a) => a.name === 'intel-gpu-plugin')!;
    assert.deepEqual([plugin.namespace, plugin.dependsOn], ['kube-system', ['intel-device-plugins']]);
  });

  it('AMD on a K3s agent: no driver packages or reboot, no NVIDIA runtime, the amd-gpu chart and amd.com/gpu for Ollama', () => {
    const lab = loadLab(fixture('amd-k3s'));
    const cluster = lab.k3sClusters[0]!;
    const agent = cluster.agents[0]!;
    const userData = parse(k3sUserData(cluster, agent, { server: 's', agent: 'a' }).replace(/^#cloud-config\n/, ''));
    assert.deepEqual(userData.packages, ['qemu-guest-agent', 'curl']);
    assert.equal(userData.power_state, undefined);
    assert.ok(!userData.runcmd.some((c: string) => c.includes('nvidia')));
    const config = k3sConfig(cluster, agent);
    assert.equal(config['default-runtime'], undefined);
    assert.deepEqual(config['node-label'], ['feature.node.kubernetes.io/pci-0300_1002.present=true']);
    const objs = objectsOf('amd-k3s');
    const plugin = objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'amd-gpu-device-plugin')!;
    assert.equal(plugin.spec.chart.spec.chart, 'amd-gpu');
    assert.equal(plugin.spec.values.node_selector_enabled, true);
    assert.deepEqual(plugin.spec.values, { node_selector_enabled: true });
    const ollama = objs.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'ollama')!;
    assert.deepEqual(ollama.spec.values.resources, { limits: { 'amd.com/gpu': 1 } });
    assert.ok(!objs.some((o) => o.kind === 'RuntimeClass'));
    assert.deepEqual(validateK8sObjects(objs), []);
    assert.deepEqual(errorsOf('amd-k3s'), []);
  });

  it('two workers with different extension sets get two schematics, and each node boots its own image', async () => {
    const tf = await synthStack(fixture('mixed-talos'));
    const schematics = tf.resource.talos_image_factory_schematic;
    assert.deepEqual(Object.keys(schematics).sort(), ['lab-intel', 'lab-nvidia', 'lab-standard']);
    assert.deepEqual(parse(schematics['lab-intel'].schematic).customization.systemExtensions.officialExtensions, ['siderolabs/i915', 'siderolabs/qemu-guest-agent', 'siderolabs/xe']);
    const files = tf.resource.proxmox_download_file;
    assert.deepEqual(Object.keys(files).sort(), ['lab-intel-pve', 'lab-nvidia-pve', 'lab-standard-pve']);
    const vms = tf.resource.proxmox_virtual_environment_vm;
    const bootImage = (vm: string) => vms[vm].disk[0].file_id as string;
    assert.match(bootImage('rtx-1'), /lab-nvidia-pve/);
    assert.match(bootImage('arc-1'), /lab-intel-pve/);
    assert.match(bootImage('cp-1'), /lab-standard-pve/);
    assert.deepEqual(errorsOf('mixed-talos'), []);
  });

  it('several vendors: apps name theirs; Argo CD values carry the limit, selector and (NVIDIA) runtime class under the profile values', () => {
    const objs = objectsOf('mixed-talos');
    const app = (name: string) => objs.find((o) => o.kind === 'Application' && o.metadata.name === name)!.spec.source.helm.valuesObject;
    assert.deepEqual(app('jellyfin'), { nodeSelector: { 'gpu.intel.com/present': 'true' }, resources: { limits: { 'gpu.intel.com/xe': 1, memory: '4Gi' } } });
    assert.deepEqual(app('ollama'), { runtimeClassName: 'nvidia', nodeSelector: { 'nvidia.com/gpu.present': 'true' }, resources: { limits: { 'nvidia.com/gpu': 1 } } });
    assert.deepEqual(validateK8sObjects(objs), []);
  });

  it('the Flux post-renderer merges into a Deployment: chart requests, limits and selectors stay', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-gpu-render-'));
    const deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ollama' },
      spec: {
        selector: { matchLabels: { app: 'ollama' } },
        template: {
          metadata: { labels: { app: 'ollama' } },
          spec: {
            nodeSelector: { 'kubernetes.io/arch': 'amd64' },
            containers: [{ name: 'ollama', image: 'ollama/ollama', resources: { requests: { memory: '8Gi', cpu: '2' }, limits: { memory: '16Gi' } } }],
          },
        },
      },
    };
    writeFileSync(join(dir, 'deployment.yaml'), stringify(deployment));
    const gpu = { count: 1, target: { vendor: 'nvidia' as const, resource: 'nvidia.com/gpu', nodeSelector: { 'nvidia.com/gpu.present': 'true' }, runtimeClass: 'nvidia' } };
    writeFileSync(join(dir, 'kustomization.yaml'), stringify({ resources: ['deployment.yaml'], patches: gpuPostRenderPatches(gpu) }));
    const r = kustomizeBuild(dir);
    if (r.skipped) return t.skip(r.skipped);
    assert.ok(r.ok, r.error);
    const spec = parse(r.output).spec.template.spec;
    assert.deepEqual(spec.nodeSelector, { 'kubernetes.io/arch': 'amd64', 'nvidia.com/gpu.present': 'true' });
    assert.equal(spec.runtimeClassName, 'nvidia');
    assert.deepEqual(spec.containers[0].resources, { requests: { memory: '8Gi', cpu: '2' }, limits: { memory: '16Gi', 'nvidia.com/gpu': 1 } });
    assert.deepEqual(withGpuValues({ resources: { requests: { cpu: '2' } } }, gpu), {
      runtimeClassName: 'nvidia', nodeSelector: { 'nvidia.com/gpu.present': 'true' }, resources: { limits: { 'nvidia.com/gpu': 1 }, requests: { cpu: '2' } },
    });
  });

  it('with several vendors, `gpu: 1` must name one: error with the vendors to choose from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-gpu-mixed-'));
    const file = join(dir, 'mixed.yaml');
    writeFileSync(file, readFileSync(fixture('mixed-talos'), 'utf8').replace('gpu: { vendor: intel }', 'gpu: 1'));
    const findings = validateLab(loadLab(file)).filter((f) => f.id === 'HL-APP-001');
    assert.deepEqual(findings.map((f) => [f.path, f.fix]), [['clusters.lab.apps.jellyfin.gpu', 'write gpu: { vendor: nvidia, count: 1 } (one of nvidia, intel)']]);
  });

  it('an app asking for an Intel GPU in an NVIDIA-only cluster is an error with its path and a fix', () => {
    const findings = validateLab(loadLab(fixturePath('invalid', 'rules', 'app-gpu-vendor-not-in-cluster.yaml'))).filter((f) => f.id === 'HL-APP-001');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.path, 'clusters.lab.apps.jellyfin.gpu');
    assert.match(findings[0]!.message, /requests 1 Intel GPU, but no node of cluster "lab" has an Intel GPU \(it has nvidia\)/);
    assert.match(findings[0]!.fix, /gpu: \{ vendor: nvidia, count: 1 \}.*pci kind gpu, vendor 8086/);
  });
});
