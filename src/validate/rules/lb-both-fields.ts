/**
 * HL-LB-004: a MetalLB Service never sets both the `metallb.io/loadBalancerIPs` annotation and
 * `spec.loadBalancerIP`: metallb/metallb controller/service.go (v0.14.9 and v0.15.2, getDesiredLbIPs)
 * refuses it with "service can not have both". We set the annotation for every reserved address, so chart
 * values that also set loadBalancerIP (TrueCharts `service.main.loadBalancerIP`) break the address.
 */
import type { Rule } from '../finding';
import { gitopsClustersOf } from '../walk-gitops';

const METALLB_KEYS = ['metallb.io/loadBalancerIPs', 'metallb.universe.tf/loadBalancerIPs'];

/** Values paths of maps that set a non-empty loadBalancerIP, with whether their annotations name MetalLB's. */
function loadBalancerIPs(v: unknown, path: string, out: { path: string; annotated: boolean }[]): void {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return;
  const m = v as Record<string, unknown>;
  if (typeof m.loadBalancerIP === 'string' && m.loadBalancerIP !== '') {
    const ann = m.annotations as Record<string, unknown> | undefined;
    out.push({ path: `${path}.loadBalancerIP`, annotated: !!ann && METALLB_KEYS.some((k) => k in ann) });
  }
  for (const [k, x] of Object.entries(m)) loadBalancerIPs(x, `${path}.${k}`, out);
}

export const lbBothFields: Rule = {
  id: 'HL-LB-004',
  severity: 'error',
  description: 'With MetalLB, no Service gets both the metallb.io/loadBalancerIPs annotation and spec.loadBalancerIP (MetalLB refuses it).',
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      if (gitops.lbEngine !== 'metallb') continue;
      for (const app of gitops.apps) {
        const found: { path: string; annotated: boolean }[] = [];
        loadBalancerIPs(app.values, `${app.path}.values`, found);
        for (const f of found) {
          if (!f.annotated && !app.loadBalancer) continue;
          yield {
            path: f.path,
            message: `app "${app.name}" sets loadBalancerIP next to the metallb.io/loadBalancerIPs annotation; MetalLB refuses a Service with both ("service can not have both")`,
            fix: app.loadBalancer ? `remove ${f.path}: ${app.path}.loadBalancer.address already reserves the address with the annotation` : `remove ${f.path} and keep the annotation`,
          };
        }
      }
    }
  },
};
