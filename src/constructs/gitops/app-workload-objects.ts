/**
 * The objects an app folder holds besides its chart: the LoadBalancer service with its reserved address,
 * the ingress, the data volume with its VolSync backup, and the secrets synced from the secret store.
 */
import { Construct } from 'constructs';
import type { App, GitOps } from '../../model/gitops-types';
import { LB_ANNOTATION } from '../../gitops/lb-annotation';
import { k8sObject } from './k8s-object';
import { RESERVED_LABEL } from '../../model/resolve-gitops-derive';

export interface AppWorkloadObjectsProps {
  readonly app: App;
  readonly gitops: GitOps;
}

export { LB_ANNOTATION };

export class AppWorkloadObjects extends Construct {
  constructor(scope: Construct, id: string, props: AppWorkloadObjectsProps) {
    super(scope, id);
    const { app, gitops } = props;
    const ns = app.namespace;
    if (app.loadBalancer && !app.loadBalancer.viaChart) {
      const lb = app.loadBalancer;
      k8sObject(this, {
        apiVersion: 'v1',
        kind: 'Service',
        name: `${app.name}-lb`,
        namespace: ns,
        labels: { [RESERVED_LABEL]: 'true' },
        annotations: { [LB_ANNOTATION[gitops.lbEngine ?? 'metallb']]: lb.address },
        body: {
          spec: {
            // The annotation alone: MetalLB refuses a Service that also sets spec.loadBalancerIP
            // (metallb/metallb controller/service.go, v0.14.9 and v0.15.2, getDesiredLbIPs).
            type: 'LoadBalancer',
            externalTrafficPolicy: 'Local',
            selector: lb.selector,
            ports: lb.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol })),
          },
        },
      });
    }
    if (app.ingress) {
      const ing = app.ingress;
      k8sObject(this, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        name: app.name,
        namespace: ns,
        annotations: { ...ing.annotations, ...(ing.issuer ? { 'cert-manager.io/cluster-issuer': ing.issuer } : {}) },
        body: {
          spec: {
            ingressClassName: ing.className,
            rules: [{
              host: ing.host,
              http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: ing.service, port: typeof ing.port === 'number' ? { number: ing.port } : { name: ing.port } } } }] },
            }],
            ...(ing.issuer ? { tls: [{ hosts: [ing.host], secretName: `${app.name}-tls` }] } : {}),
          },
        },
      });
    }
    if (app.persistence) this.persistence(app, ns);
    this.secrets(app, gitops, ns);
  }

  private persistence(app: App, ns: string): void {
    const p = app.persistence!;
    const claim = `${app.name}-data`;
    const restore = p.backup?.restore ? { dataSourceRef: { kind: 'ReplicationDestination', apiGroup: 'volsync.backube', name: `${app.name}-restore` } } : {};
    k8sObject(this, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      name: claim,
      namespace: ns,
      body: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: p.size } }, ...(p.storageClass ? { storageClassName: p.storageClass } : {}), ...restore } },
    });
    if (!p.backup) return;
    // The restic repository secret `<app>-volsync` comes from the secret store like any other secret.
    const repository = `${app.name}-volsync`;
    const copy = { copyMethod: p.backup.copyMethod, ...(p.backup.snapshotClass ? { volumeSnapshotClassName: p.backup.snapshotClass } : {}) };
    k8sObject(this, {
      apiVersion: 'volsync.backube/v1alpha1',
      kind: 'ReplicationSource',
      name: app.name,
      namespace: ns,
      body: { spec: { sourcePVC: claim, trigger: { schedule: p.backup.schedule }, restic: { repository, ...copy, pruneIntervalDays: 7, retain: { daily: 7, weekly: 4 } } } },
    });
    if (p.backup.restore) {
      k8sObject(this, {
        apiVersion: 'volsync.backube/v1alpha1',
        kind: 'ReplicationDestination',
        name: `${app.name}-restore`,
        namespace: ns,
        body: { spec: { trigger: { manual: 'restore-once' }, restic: { repository, ...copy, capacity: p.size, accessModes: ['ReadWriteOnce'], ...(p.storageClass ? { storageClassName: p.storageClass } : {}) } } },
      });
    }
  }

  private secrets(app: App, gitops: GitOps, ns: string): void {
    const s = gitops.secrets;
    if (s?.provider !== 'infisical') return;
    const wanted = [...app.secrets, ...(app.persistence?.backup ? [{ name: `${app.name}-volsync`, path: `/${app.name}/volsync` }] : [])];
    for (const secret of wanted) {
      k8sObject(this, {
        apiVersion: 'secrets.infisical.com/v1alpha1',
        kind: 'InfisicalSecret',
        name: secret.name,
        namespace: ns,
        body: {
          spec: {
            hostAPI: s.hostApi,
            authentication: {
              universalAuth: {
                credentialsRef: { secretName: s.credentials.name, secretNamespace: s.credentials.namespace },
                secretsScope: { projectSlug: s.projectSlug, envSlug: s.envSlug, secretsPath: secret.path },
              },
            },
            managedSecretReference: { secretName: secret.name, secretNamespace: ns, secretType: 'Opaque', creationPolicy: 'Owner' },
          },
        },
      });
    }
  }
}
