/**
 * What we know about well-known charts, by chart name: which run host-level pods (Pod Security `privileged`),
 * which already render a LoadBalancer Service we can annotate through values, and which render objects of
 * another chart's CRDs. Pure data; the resolver and the rules read it.
 */

/**
 * Charts whose pods need the `privileged` Pod Security level (hostPath, hostNetwork, privileged containers,
 * host PID or extra capabilities). Talos enforces `baseline` on every namespace but kube-system
 * (siderolabs/talos pkg/machinery/config/generate/init.go, v1.12.0: PodSecurityConfiguration defaults
 * enforce baseline, exemptions namespaces [kube-system]), so their namespace needs
 * `pod-security.kubernetes.io/enforce: privileged`.
 */
export const PRIVILEGED_CHARTS: Readonly<Record<string, string>> = {
  metallb: 'speaker uses hostNetwork and NET_RAW',
  'kube-prometheus-stack': 'node-exporter uses hostNetwork, hostPID and hostPath',
  'prometheus-node-exporter': 'hostNetwork, hostPID and hostPath',
  longhorn: 'privileged instance managers and hostPath',
  mayastor: 'privileged io-engine and csi-node',
  openebs: 'privileged csi-node and hostPath',
  'localpv-provisioner': 'hostPath volumes',
  cilium: 'privileged agent with hostNetwork',
  'intel-device-plugins-operator': 'plugin DaemonSets with hostPath',
  'intel-device-plugins-gpu': 'hostPath to /dev/dri',
  'nvidia-device-plugin': 'hostPath to the kubelet device-plugin socket',
  'amd-gpu': 'hostPath to /sys and the kubelet device-plugin socket',
  'gpu-operator': 'privileged driver and toolkit DaemonSets',
  'node-feature-discovery': 'hostPath',
  'csi-driver-nfs': 'privileged csi node plugin',
  'csi-driver-smb': 'privileged csi node plugin',
  'democratic-csi': 'privileged csi node plugin',
  'system-upgrade-controller': 'upgrade jobs run privileged on the host',
  'kube-vip': 'hostNetwork with NET_ADMIN',
  promtail: 'hostPath to /var/log',
  alloy: 'hostPath to /var/log',
  'fluent-bit': 'hostPath to /var/log',
  spegel: 'hostPath to the containerd socket',
  multus: 'privileged with hostNetwork',
  'smartctl-exporter': 'privileged for device access',
};

/**
 * Charts that render a LoadBalancer Service of their own by default: a reserved address goes onto that
 * Service through the chart's values (annotation and our label) instead of a second Service.
 */
export interface ChartService {
  /** Values path of the Service's annotations. */
  readonly annotations: readonly string[];
  /** Values path of the Service's labels. */
  readonly labels: readonly string[];
  /** Values path of the Service type (the chart default is LoadBalancer). */
  readonly type: readonly string[];
}

export const CHART_LB_SERVICES: Readonly<Record<string, ChartService>> = {
  // traefik/traefik-helm-chart traefik/values.yaml (v41.3.0): service.type LoadBalancer, service.annotations, service.labels
  traefik: { annotations: ['service', 'annotations'], labels: ['service', 'labels'], type: ['service', 'type'] },
  // kubernetes/ingress-nginx charts/ingress-nginx/values.yaml (read at commit 0039cc1; a long-standing layout): controller.service.type LoadBalancer, .annotations, .labels
  'ingress-nginx': { annotations: ['controller', 'service', 'annotations'], labels: ['controller', 'service', 'labels'], type: ['controller', 'service', 'type'] },
};

/**
 * The pod labels a chart really sets, for the selector of our extra Service when the chart's own Service is
 * not a LoadBalancer. Traefik: traefik/templates/_helpers.tpl (v41.3.0) `traefik.labelselector` is
 * name = chart name, instance = `<release>-<namespace>`.
 */
export const CHART_POD_SELECTORS: Readonly<Record<string, (release: string, namespace: string) => Record<string, string>>> = {
  traefik: (release, ns) => ({ 'app.kubernetes.io/name': 'traefik', 'app.kubernetes.io/instance': `${release}-${ns}`.slice(0, 63).replace(/-+$/, '') }),
  'ingress-nginx': (release) => ({ 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': release, 'app.kubernetes.io/component': 'controller' }),
};

/**
 * Charts that render objects of another chart's CRDs, so they must sync after that chart: the Intel
 * device-plugins operator's webhook certificate is a cert-manager Certificate/Issuer (intel/helm-charts
 * charts/device-plugin-operator/README.md lists cert-manager as a prerequisite).
 */
export const CHART_CRD_USES: Readonly<Record<string, readonly string[]>> = {
  'intel-device-plugins-operator': ['cert-manager'],
};

/** Charts of the secret store operators whose CRDs our InfisicalSecret objects need. */
export const INFISICAL_OPERATOR_CHARTS: readonly string[] = ['secrets-operator', 'infisical-operator'];
