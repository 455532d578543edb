/**
 * Self-test of the Kubernetes validation helpers (test/support/k8s-schema.ts, test/support/kustomize.ts).
 * The samples under test/fixtures/k8s-samples/{ok,broken} are copies of the shared schema set's
 * samples/{ok,broken} (the Talos samples are left out: Talos patches are checked by talos-schema.ts). Tests read
 * only the copies, never the shared folder, so a fresh clone runs them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { parseYamlObjects, validateK8sObject, validateK8sObjects } from '../support/k8s-schema';
import { kustomizeBuild } from '../support/kustomize';
import { fixturePath, ROOT } from '../support/paths';

const samples = (dir: 'ok' | 'broken') => readdirSync(fixturePath('k8s-samples', dir)).filter((f) => f.endsWith('.yaml')).sort();
const load = (dir: 'ok' | 'broken', file: string) => parseYamlObjects(readFileSync(fixturePath('k8s-samples', dir, file), 'utf8'));

/** Each broken sample's annotated mistakes, as (substrings of) the errors they must produce. */
const BROKEN: Record<string, string[]> = {
  'argocd-application.yaml': [
    "Application/argocd/broken-app /spec: must have required property 'project'",
    '/spec/syncPolicy/automated/prune: must be boolean',
    '/spec/syncPolicy/automated: must NOT have additional properties (selfheal)',
  ],
  'cilium-lbippool.yaml': [
    'CiliumLoadBalancerIPPool/-/lan-pool /spec/allowFirstLastIPs: must be equal to one of the allowed values',
    '/spec/blocks/0: must NOT have additional properties (cdir)',
  ],
  'deployment.yaml': [
    'Deployment/-/whoami /metadata: must NOT have additional properties (lables)',
    '/spec/replicas: must be integer',
    "/spec/template/spec/containers/0: must have required property 'name'",
    '/spec/template/spec/containers/0/ports/0/containerPort: must be integer',
  ],
  'flux-helmrelease.yaml': [
    "HelmRelease/cert-manager/cert-manager /spec: must have required property 'interval'",
    '/spec/chart/spec/sourceRef/kind: must be equal to one of the allowed values',
    '/spec/install/remediation/retries: must be integer',
  ],
  'flux-kustomization.yaml': [
    "Kustomization/flux-system/apps /spec: must have required property 'prune'",
    '/spec/dependsOn: must be array',
    '/spec/decryption/provider: must be equal to one of the allowed values (sops)',
  ],
  'metallb-ipaddresspool.yaml': [
    'IPAddressPool/metallb-system/lan-pool /spec/addresses: must be array',
    '/spec/autoAssign: must be boolean',
  ],
  'service-loadbalancer.yaml': [
    'Service/-/whoami /metadata/annotations/metallb.universe.tf~1allow-shared-ip: must be string',
    "/spec/ports/0: must have required property 'port'",
    '/spec/ports/0/targetPort: must be integer,string',
  ],
};

/**
 * The upstream sample broken/openebs-diskpool.yaml is "broken" only because the shared set has no DiskPool
 * schema (upstream ships no CRD file), so the reference validator reports "no schema". We vendor a hand-written
 * DiskPool CRD (schemas/crds/openebs.io/diskpool.yaml), and the sample is a well-formed DiskPool, so here it
 * must validate. Real DiskPool mistakes are checked separately below.
 */
const NOW_VALID = new Set(['openebs-diskpool.yaml']);

describe('k8s-schema: shared samples', () => {
  for (const file of samples('ok')) {
    it(`ok/${file} validates`, () => {
      const objs = load('ok', file);
      assert.ok(objs.length > 0);
      assert.deepEqual(validateK8sObjects(objs), []);
    });
  }

  it('every broken sample is covered by an expectation', () => {
    assert.deepEqual(samples('broken'), [...Object.keys(BROKEN), ...NOW_VALID].sort());
  });

  for (const file of samples('broken')) {
    if (NOW_VALID.has(file)) {
      it(`broken/${file} validates with the hand-written DiskPool CRD (upstream: "no schema")`, () => {
        assert.deepEqual(validateK8sObjects(load('broken', file)), []);
      });
      continue;
    }
    it(`broken/${file} reports each annotated mistake`, () => {
      const errors = validateK8sObjects(load('broken', file));
      assert.ok(errors.length > 0, 'expected errors');
      for (const expected of BROKEN[file] ?? []) {
        assert.ok(errors.some((e) => e.includes(expected)), `missing error "${expected}" in:\n${errors.join('\n')}`);
      }
    });
  }
});

describe('k8s-schema: rules', () => {
  const diskPool = (spec: unknown) => ({ apiVersion: 'openebs.io/v1beta2', kind: 'DiskPool', metadata: { name: 'pool-n1', namespace: 'openebs' }, spec });

  it('checks the hand-written DiskPool schema', () => {
    assert.deepEqual(validateK8sObject(diskPool({ node: 'n1', disks: ['/dev/disk/by-id/nvme-X'], topology: { labelled: { zone: 'a' } } })), []);
    const twoDisks = validateK8sObject(diskPool({ node: 'n1', disks: ['/dev/sdb', '/dev/sdc'] }));
    assert.ok(twoDisks.some((e) => e.startsWith('DiskPool/openebs/pool-n1 /spec/disks: must NOT have more than 1 items')), twoDisks.join('\n'));
    assert.ok(validateK8sObject(diskPool({ node: 'n1', disks: [] })).some((e) => e.includes('/spec/disks: must NOT have fewer than 1 items')));
    assert.ok(validateK8sObject(diskPool({ disks: ['/dev/sdb'] })).some((e) => e.includes("must have required property 'node'")));
    assert.ok(validateK8sObject(diskPool({ node: 'n1', disk: ['/dev/sdb'] })).some((e) => e.includes('must NOT have additional properties (disk)')));
    assert.ok(validateK8sObject(diskPool({ node: 'n1', disks: ['/dev/sdb'], topology: { labelled: { zone: 1 } } }))
      .some((e) => e.includes('/spec/topology/labelled/zone: must be string')));
    assert.ok(validateK8sObject({ ...diskPool({ node: 'n1', disks: ['/dev/sdb'] }), apiVersion: 'openebs.io/v1beta1' })
      .some((e) => e.includes('no schema for openebs.io/v1beta1/DiskPool')));
  });

  it('reports objects without a schema as errors, never accepts them silently', () => {
    const cases: Array<[any, string]> = [
      [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, 'Widget/-/w: no schema for example.com/v1/Widget'],
      [{ apiVersion: 'cilium.io/v1', kind: 'CiliumLoadBalancerIPPool', metadata: { name: 'p' } }, 'no schema for cilium.io/v1/CiliumLoadBalancerIPPool'],
      [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'x' } }, 'Pod/x/p: no schema for v1/Pod'],
      [{ apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: { name: 'd' } }, 'no schema for apps/v1beta1/Deployment'],
      [{ kind: 'ConfigMap', metadata: { name: 'c' } }, 'ConfigMap/-/c: apiVersion and kind must be non-empty strings'],
    ];
    for (const [obj, expected] of cases) {
      const errors = validateK8sObject(obj);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.ok(errors[0]!.includes(expected), errors[0]);
    }
  });

  it('accepts integers for IntOrString and numbers for Quantity, rejects unknown fields', () => {
    const svc = (targetPort: unknown) => ({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' },
      spec: { selector: { app: 's' }, ports: [{ port: 80, targetPort }] },
    });
    assert.deepEqual(validateK8sObject(svc(8080)), []);
    assert.deepEqual(validateK8sObject(svc('http')), []);
    assert.ok(validateK8sObject(svc(true)).length > 0);
    const pvc = (storage: unknown, extra: object = {}) => ({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'n' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } }, ...extra },
    });
    assert.deepEqual(validateK8sObject(pvc('10Gi')), []);
    assert.deepEqual(validateK8sObject(pvc(10)), []);
    assert.deepEqual(validateK8sObject(pvc('10Gi', { storageClassName: 'longhorn' })), []);
    assert.deepEqual(validateK8sObject(pvc('10Gi', { storageClass: 'longhorn' })),
      ['PersistentVolumeClaim/n/data /spec: must NOT have additional properties (storageClass) [kubernetes/v1.33 io.k8s.api.core.v1.PersistentVolumeClaim]']);
    // CRD metadata is ObjectMeta, so its typos are caught too.
    const pool = { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'p', namespace: 'm', label: { a: 'b' } }, spec: { addresses: ['10.0.0.1/32'] } };
    assert.ok(validateK8sObject(pool).some((e) => e.includes('/metadata: must NOT have additional properties (label)')));
    // x-kubernetes-preserve-unknown-fields (HelmRelease values) stays open.
    const hr = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'h', namespace: 'n' },
      spec: { interval: '1h', chart: { spec: { chart: 'c', sourceRef: { kind: 'HelmRepository', name: 'r' } } }, values: { any: { thing: [1, 'x'] } } },
    };
    assert.deepEqual(validateK8sObject(hr), []);
  });

  it('has a schema for every core kind the GitOps tree emits', () => {
    const kinds = [
      'v1/Namespace', 'v1/Service', 'v1/ConfigMap', 'v1/Secret', 'v1/PersistentVolumeClaim', 'v1/ServiceAccount',
      'apps/v1/Deployment', 'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'storage.k8s.io/v1/StorageClass',
      'node.k8s.io/v1/RuntimeClass', 'batch/v1/Job', 'networking.k8s.io/v1/Ingress',
      'rbac.authorization.k8s.io/v1/ClusterRole', 'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
    ];
    for (const k of kinds) {
      const i = k.lastIndexOf('/');
      const errors = validateK8sObject({ apiVersion: k.slice(0, i), kind: k.slice(i + 1), metadata: { name: 'x' } });
      assert.ok(!errors.some((e) => e.includes('no schema')), `${k}: ${errors.join('\n')}`);
    }
    assert.deepEqual(validateK8sObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { a: 'b' } } }), []);
    assert.deepEqual(validateK8sObject({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'nvidia' }, handler: 'nvidia' }), []);
    assert.deepEqual(validateK8sObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, stringData: { k: 'v' }, data: { b: 'aGk=' } }), []);
    assert.ok(validateK8sObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { b: 'not base64!' } })
      .some((e) => e.includes('/data/b: must match format "byte"')));
  });

  it('has every vendored CRD at schemas/crds/<group>/<kind>.yaml, each served version compiling', () => {
    const dir = join(ROOT, 'schemas', 'crds');
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.yaml')).sort();
    assert.ok(files.length >= 17, files.join(', '));
    for (const file of files) {
      const crds = parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((d) => (d as { toJS(): any }).toJS())
        .filter((d) => d?.kind === 'CustomResourceDefinition');
      assert.equal(crds.length, 1, `${file}: one CustomResourceDefinition per file`);
      const { group, names, versions } = crds[0].spec;
      assert.equal(file, join(group, `${names.kind.toLowerCase()}.yaml`));
      for (const v of versions.filter((x: any) => x.served)) {
        const errors = validateK8sObject({ apiVersion: `${group}/${v.name}`, kind: names.kind, metadata: { name: 'x' } });
        assert.ok(!errors.some((e) => e.includes('no schema')), `${file} ${v.name}: ${errors.join('\n')}`);
      }
    }
  });

  it('parses multi-document YAML, skipping empty documents and throwing on syntax errors', () => {
    const objs = parseYamlObjects('---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
    assert.deepEqual(objs.map((o) => o.metadata.name), ['a', 'b']);
    assert.deepEqual(validateK8sObjects(objs), []);
    assert.throws(() => parseYamlObjects('a: [1, 2\nb: c\n'), /YAML document 0/);
  });
});

describe('kustomize build', () => {
  it('builds a folder with a kustomization.yaml and one ConfigMap (or skips without a tool)', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-kustomize-'));
    try {
      writeFileSync(join(dir, 'kustomization.yaml'),
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: demo\nresources:\n  - configmap.yaml\n');
      writeFileSync(join(dir, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  key: value\n');
      const result = kustomizeBuild(dir);
      if (result.skipped) {
        assert.equal(result.ok, false);
        return void t.skip(result.skipped);
      }
      assert.ok(result.ok, result.error);
      const objs = parseYamlObjects(result.output);
      assert.deepEqual(objs, [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'demo' }, data: { key: 'value' } }]);
      assert.deepEqual(validateK8sObjects(objs), []);

      writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
      const broken = kustomizeBuild(dir);
      assert.equal(broken.ok, false);
      assert.match(broken.error, /missing\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
