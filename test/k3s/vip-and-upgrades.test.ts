import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { loadLab } from '../../src/model/load';
import { gitopsOf, objectsOf } from '../support/gitops';
import { parseYamlObjects, validateK8sObjects } from '../support/k8s-schema';
import { fixturePath } from '../support/paths';
import { synthStack } from '../support/synth';

const writeFile = (tf: any, node: string, path: string) =>
  parse(tf.resource.proxmox_virtual_environment_file[`${node}-user-data`].source_raw.data).write_files.find((f: any) => f.path === path);
const KUBE_VIP = '/var/lib/rancher/k3s/server/manifests/kube-vip.yaml';

describe('K3s VIP (kube-vip)', () => {
  it('ships kube-vip to every server through K3s\' manifests directory, valid against the vendored schemas', async () => {
    const tf = await synthStack('k3s-three-node');
    for (const server of ['k3s-server-1', 'k3s-server-2']) {
      const objects = parseYamlObjects(writeFile(tf, server, KUBE_VIP).content);
      assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`), [
        'ServiceAccount/kube-vip', 'ClusterRole/system:kube-vip-role', 'ClusterRoleBinding/system:kube-vip-binding', 'DaemonSet/kube-vip',
      ]);
      assert.deepEqual(validateK8sObjects(objects), []);
      const container = objects[3].spec.template.spec.containers[0];
      assert.equal(container.image, 'ghcr.io/kube-vip/kube-vip:v1.2.3');
      const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
      assert.deepEqual([env.vip_address, env.vip_arp, env.cp_enable, env.vip_leaderelection, env.svc_enable], ['10.20.11.20', 'true', 'true', 'true', 'false']);
      assert.equal(objects[3].spec.template.spec.hostNetwork, true);
    }
    assert.equal(writeFile(tf, 'k3s-gpu-1', KUBE_VIP), undefined);
  });

  it('without a vip every join and the kubeconfig use the first server, and kube-vip is left out', () => {
    const lab = loadLab(fixturePath('invalid', 'rules', 'k3s-servers-without-vip.yaml'));
    const c = lab.k3sClusters[0]!;
    assert.equal(c.vip, undefined);
    assert.equal(c.serverUrl, 'https://10.0.0.21:6443');
    assert.deepEqual(c.tlsSan, []);
    assert.match(c.kubeconfigCommand, /sed 's\/127\.0\.0\.1\/10\.0\.0\.21\/' > generated\/k3s\/kubeconfig\)/);
  });
});

describe('K3s upgrades in place (system-upgrade-controller Plans in the GitOps tree)', () => {
  const objects = () => objectsOf('k3s-three-node').map((o) => o.object);

  it('upgrades servers one at a time, then agents after the server Plan, to the profile\'s k3sVersion', () => {
    const plans = objects().filter((o) => o.kind === 'Plan');
    assert.deepEqual(plans.map((p) => [p.metadata.name, p.metadata.namespace, p.spec.version, p.spec.concurrency]), [
      ['k3s-server', 'system-upgrade', 'v1.33.6+k3s1', 1], ['k3s-agent', 'system-upgrade', 'v1.33.6+k3s1', 1],
    ]);
    const [server, agent] = plans;
    assert.deepEqual(server.spec.nodeSelector.matchExpressions, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'In', values: ['true'] }]);
    assert.equal(server.spec.cordon, true);
    assert.deepEqual(agent.spec.nodeSelector.matchExpressions, [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }]);
    assert.deepEqual(agent.spec.prepare, { image: 'rancher/k3s-upgrade', args: ['prepare', 'k3s-server'] });
    assert.deepEqual(validateK8sObjects(plans), []);
    // the CRD comes with the controller: Argo CD must not dry-run the Plans before it exists
    for (const p of plans) assert.equal(p.metadata.annotations['argocd.argoproj.io/sync-options'], 'SkipDryRunOnMissingResource=true');
  });

  it('deploys the pinned system-upgrade-controller before the Plans', () => {
    const g = gitopsOf('k3s-three-node');
    const deployment = objects().find((o) => o.kind === 'Deployment' && o.metadata.name === 'system-upgrade-controller')!;
    assert.equal(deployment.spec.template.spec.containers[0].image, 'rancher/system-upgrade-controller:v0.20.1');
    assert.ok(g.apps.find((a) => a.name === 'k3s-upgrade')!.dependsOn.includes('system-upgrade-controller'));
  });

  it('does not create RuntimeClass nvidia on K3s (K3s ships it), but still runs the device plugin with it', () => {
    assert.equal(objects().filter((o) => o.kind === 'RuntimeClass').length, 0);
    const plugin = gitopsOf('k3s-three-node').apps.find((a) => a.name === 'nvidia-device-plugin')!;
    assert.equal((plugin.values as any).runtimeClassName, 'nvidia');
    // a Talos cluster with a GPU keeps creating it
    assert.equal(objectsOf('single-node-gpu').filter((o) => o.object.kind === 'RuntimeClass').length, 1);
  });
});
