/**
 * Rules of image apps (`apps.<name>.image`, rendered by src/constructs/gitops/image-workload.ts):
 * HL-APP-008 image alone (no chart, no manifests), HL-APP-009 an ingress to the app's Service needs the image's
 * port, HL-APP-010 one replica with a ReadWriteOnce claim, HL-APP-011 persistence.mountPath only for image apps,
 * HL-APP-012 the container's user is one the kubelet and the namespace's Pod Security level accept.
 */
import type { App } from '../../model/gitops-types';
import { namespacesOf } from '../../model/resolve-gitops-derive';
import type { Hit, Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

/** Every app of every GitOps cluster, with the levels its cluster's namespaces enforce. */
function* imageApps(lab: Parameters<Rule['check']>[0]): Generator<{ app: App; level?: string }> {
  for (const { gitops } of gitopsClustersOf(lab)) {
    const levels = new Map(namespacesOf(gitops.apps).map((n) => [n.name, n.podSecurity]));
    for (const app of gitops.apps) yield { app, level: levels.get(app.namespace) };
  }
}

export const appImageAlone: Rule = {
  id: 'HL-APP-008',
  severity: 'error',
  description: 'An app with `image` has no `chart` and no `manifests`: an image app is its own Deployment and Service.',
  *check(lab) {
    for (const { app } of imageApps(lab)) {
      if (!app.image) continue;
      const other = [app.chart ? 'chart' : '', app.manifests?.length ? 'manifests' : ''].filter(Boolean);
      if (!other.length) continue;
      yield {
        path: `${app.path}.image`,
        message: `app "${app.name}" sets image and ${other.join(' and ')}; an app is either one container image or a chart/manifests`,
        fix: `remove ${app.path}.image, or ${other.map((o) => `${app.path}.${o}`).join(' and ')} (split them into two apps)`,
      };
    }
  },
};

export const appImagePort: Rule = {
  id: 'HL-APP-009',
  severity: 'error',
  description: 'An image app whose ingress goes to its own Service has `image.port` (without a port there is no Service and the Ingress has no backend).',
  *check(lab) {
    for (const { app } of imageApps(lab)) {
      if (!app.image || app.image.port !== undefined || !app.ingress || app.ingress.service !== app.name) continue;
      yield {
        path: `${app.path}.ingress`,
        message: `app "${app.name}" has an ingress to Service "${app.name}", but its image has no port, so no Service is created and the Ingress answers 503`,
        fix: `set ${app.path}.image.port to the port the container listens on`,
      };
    }
  },
};

export const appImageReplicas: Rule = {
  id: 'HL-APP-010',
  severity: 'error',
  description: 'An image app with persistence runs one replica: its claim is ReadWriteOnce, so pods on a second node never start.',
  *check(lab) {
    for (const { app } of imageApps(lab)) {
      if (!app.image || !app.persistence || app.image.replicas <= 1) continue;
      yield {
        path: `${app.path}.image.replicas`,
        message: `app "${app.name}" asks for ${app.image.replicas} replicas of a Deployment that mounts the ReadWriteOnce claim ${app.name}-data; replicas scheduled on another node stay ContainerCreating (Multi-Attach error)`,
        fix: `set ${app.path}.image.replicas to 1, or remove ${app.path}.persistence and keep state elsewhere`,
      };
    }
  },
};

export const appMountPathImageOnly: Rule = {
  id: 'HL-APP-011',
  severity: 'warning',
  description: '`persistence.mountPath` is set only on image apps (a chart mounts its claim where its values say).',
  *check(lab) {
    for (const { app } of imageApps(lab)) {
      if (app.image || app.persistence?.mountPath === undefined) continue;
      yield {
        path: `${app.path}.persistence.mountPath`,
        message: `app "${app.name}" is not an image app, so persistence.mountPath is ignored; the chart decides where claim ${app.name}-data is mounted`,
        fix: `remove ${app.path}.persistence.mountPath and set the chart's persistence values (e.g. persistence.existingClaim: ${app.name}-data)`,
      };
    }
  },
};

/**
 * The kubelet refuses runAsNonRoot with runAsUser 0 ("container's runAsUser breaks non-root policy",
 * kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_others.go, verifyRunAsNonRoot, read at commit
 * 1f671eec; the same function refuses an image USER that is 0 or a name, which synth cannot see); Pod Security
 * `restricted` refuses runAsNonRoot false and runAsUser 0 (staging/src/k8s.io/pod-security-admission/policy/
 * check_runAsNonRoot.go and check_runAsUser.go).
 */
export const appImageUser: Rule = {
  id: 'HL-APP-012',
  severity: 'error',
  description: 'An image app\'s user is accepted: not runAsUser 0 with runAsNonRoot (the kubelet refuses it), neither root nor runAsNonRoot false in a namespace enforcing Pod Security restricted.',
  *check(lab) {
    for (const { app, level } of imageApps(lab)) {
      const sc = app.image?.securityContext;
      if (!sc) continue;
      const path = `${app.path}.image.securityContext`;
      const hit = (field: string, message: string, fix: string): Hit => ({ path: `${path}.${field}`, message: `app "${app.name}": ${message}`, fix });
      if (sc.runAsNonRoot && sc.runAsUser === 0) {
        yield hit('runAsUser', 'runAsUser 0 with runAsNonRoot (the default) is refused by the kubelet ("container\'s runAsUser breaks non-root policy"); the pod never starts', `set runAsUser to the image's non-root user id, or set ${path}.runAsNonRoot: false for an image that must run as root`);
      } else if (level === 'restricted' && (!sc.runAsNonRoot || sc.runAsUser === 0)) {
        const field = sc.runAsNonRoot ? 'runAsUser' : 'runAsNonRoot';
        yield hit(field, `namespace "${app.namespace}" enforces Pod Security restricted, which refuses ${sc.runAsNonRoot ? 'runAsUser 0' : 'runAsNonRoot false'}; the Deployment gets no pods`, `run the image as a non-root user (remove ${path}.${field}), or set ${app.path}.podSecurity to baseline`);
      }
    }
  },
};
