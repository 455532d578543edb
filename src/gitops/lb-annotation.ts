/** Annotation each LoadBalancer engine reads for a fixed address (no cdk8s here: `homelab diff` reads it too). */
export const LB_ANNOTATION = { metallb: 'metallb.io/loadBalancerIPs', cilium: 'lbipam.cilium.io/ips' } as const;
