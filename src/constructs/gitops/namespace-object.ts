/** A Namespace the tree creates, with the Pod Security level its apps need. */
import type { Construct } from 'constructs';
import type { Namespace } from '../../model/gitops-types';
import { k8sObject } from './k8s-object';

/** Label Pod Security admission enforces (kubernetes.io docs, "Enforce Pod Security Standards with namespace labels"). */
export const POD_SECURITY_ENFORCE = 'pod-security.kubernetes.io/enforce';

export function namespaceObject(scope: Construct, ns: Namespace): void {
  k8sObject(scope, { apiVersion: 'v1', kind: 'Namespace', name: ns.name, labels: ns.podSecurity ? { [POD_SECURITY_ENFORCE]: ns.podSecurity } : undefined });
}
