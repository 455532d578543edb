/**
 * An app that is one container image (`apps.<name>.image`): a Deployment and its Service, built with
 * cdk8s-plus-28 (read at tag cdk8s-plus-28/v2.5.6, node_modules/cdk8s-plus-28/lib/{container,pod,deployment}.js),
 * which is loaded only when such an app exists. The app's Ingress, PersistentVolumeClaim `<app>-data` (with its
 * VolSync backup), LoadBalancer Service and Secrets are the objects every app gets (AppWorkloadObjects): one code
 * path for chart and image apps, so their names, TLS, backups and the validate rules are the same.
 *
 * Kept from cdk8s-plus (its defaults): runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation false,
 * privileged false, automountServiceAccountToken false, imagePullPolicy Always, CPU 1000m request / 1500m limit,
 * memory 512Mi / 2048Mi, a TCP startup probe on the port. Added (stricter, so a namespace enforcing Pod Security
 * `restricted` admits the pod): capabilities drop ALL and seccompProfile RuntimeDefault. Changed: replicas 1
 * (cdk8s-plus: 2), the Recreate strategy when the app has persistence (a ReadWriteOnce claim cannot be attached to
 * the old and the new pod of a rolling update on two nodes), an emptyDir at /tmp (programs expect a writable /tmp
 * under a read-only root), and `securityContext` in the profile may turn runAsNonRoot/readOnlyRootFilesystem off or
 * set the user, group and fsGroup.
 */
import { Construct } from 'constructs';
import type * as kplus from 'cdk8s-plus-28';
import { ApiObject, JsonPatch } from '../../cdk8s';
import type { App } from '../../model/gitops-types';
import { jsonPointerToken } from './gpu-injection';

export interface ImageWorkloadProps {
  /** The resolved app; it must have `image`. */
  readonly app: App;
}

/** Labels on the pods: the default selector of the app's LoadBalancer Service is app.kubernetes.io/instance. */
export const imagePodLabels = (app: string): Record<string, string> => ({ 'app.kubernetes.io/instance': app, 'app.kubernetes.io/name': app });

export class ImageWorkload extends Construct {
  /** The cdk8s-plus Deployment (escape hatch: `ApiObject.of(deployment)` for patches). */
  readonly deployment: kplus.Deployment;
  /** The Service `<app>` (port name `http`) when the image has a port. */
  readonly service?: kplus.Service;

  constructor(scope: Construct, id: string, props: ImageWorkloadProps) {
    super(scope, id);
    const { app } = props;
    const image = app.image;
    if (!image) throw new Error(`ImageWorkload ${this.node.path}: app "${app.name}" has no image`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const k = require('cdk8s-plus-28') as typeof kplus;
    const sc = image.securityContext;
    const labels = imagePodLabels(app.name);
    this.deployment = new k.Deployment(this, 'deployment', {
      metadata: { name: app.name, namespace: app.namespace, labels },
      podMetadata: { labels },
      // A Deployment's selector cannot change after creation: select by the app's name, not by cdk8s-plus's
      // construct-path label (select: true), so moving the construct never breaks an apply.
      select: false,
      replicas: image.replicas,
      ...(app.persistence ? { strategy: k.DeploymentStrategy.recreate() } : {}),
      securityContext: { ensureNonRoot: sc.runAsNonRoot, user: sc.runAsUser, group: sc.runAsGroup, fsGroup: sc.fsGroup },
    });
    this.deployment.select(k.LabelSelector.of({ labels: { 'app.kubernetes.io/instance': app.name } }));
    const container = this.deployment.addContainer({
      name: app.name,
      image: image.ref,
      ...(image.port !== undefined ? { ports: [{ number: image.port, name: 'http' }] } : {}),
      ...(image.args ? { args: [...image.args] } : {}),
      envVariables: Object.fromEntries(Object.entries(image.env).map(([n, v]) => [n, k.EnvValue.fromValue(v)])),
      securityContext: {
        ensureNonRoot: sc.runAsNonRoot,
        readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
        user: sc.runAsUser,
        group: sc.runAsGroup,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: [k.Capability.ALL] },
        seccompProfile: { type: k.SeccompProfileType.RUNTIME_DEFAULT },
      },
    });
    container.mount('/tmp', k.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    if (app.persistence) {
      const claim = k.PersistentVolumeClaim.fromClaimName(this, 'claim', `${app.name}-data`);
      container.mount(app.persistence.mountPath!, k.Volume.fromPersistentVolumeClaim(this, 'data', claim, { name: 'data' }));
    }
    for (const s of app.secrets) container.env.copyFrom(k.Env.fromSecret(k.Secret.fromSecretName(this, `secret-${s.name}`, s.name)));
    if (image.port !== undefined) {
      this.service = new k.Service(this, 'service', {
        metadata: { name: app.name, namespace: app.namespace, labels },
        ports: [{ name: 'http', port: image.port, targetPort: image.port }],
      });
      this.service.selectLabel('app.kubernetes.io/instance', app.name);
    }
    const target = app.gpu?.target;
    if (target) {
      // The same three settings a chart app's workloads get (gpu-injection.ts), as patches of the rendered spec.
      const raw = ApiObject.of(this.deployment);
      raw.addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', { ...target.nodeSelector }));
      if (target.runtimeClass) raw.addJsonPatch(JsonPatch.add('/spec/template/spec/runtimeClassName', target.runtimeClass));
      // Patches apply before KubeDeployment's own toJson, which reads each limit as a Quantity (`.value`;
      // cdk8s-plus-28 v2.5.6 lib/imports/k8s.js toJson_ResourceRequirements): a bare number would be dropped.
      const limit = k.k8s.Quantity.fromNumber(app.gpu!.count);
      raw.addJsonPatch(JsonPatch.add(`/spec/template/spec/containers/0/resources/limits/${jsonPointerToken(target.resource)}`, limit));
    }
  }
}
