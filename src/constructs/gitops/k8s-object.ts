/** A Kubernetes object with a fixed name: the thin layer over cdk8s `ApiObject` every GitOps construct uses. */
import type { Construct } from 'constructs';
import { ApiObject } from '../../cdk8s';

export interface K8sObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** @default - cluster-scoped */
  readonly namespace?: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** Everything besides apiVersion, kind and metadata (spec, data, ...). */
  readonly body?: Record<string, unknown>;
}

/** Creates the object under `scope` with id `<kind>-<name>`. */
export function k8sObject(scope: Construct, props: K8sObjectProps): ApiObject {
  const metadata: Record<string, unknown> = { name: props.name };
  if (props.namespace) metadata.namespace = props.namespace;
  if (props.labels && Object.keys(props.labels).length) metadata.labels = props.labels;
  if (props.annotations && Object.keys(props.annotations).length) metadata.annotations = props.annotations;
  return new ApiObject(scope, `${props.kind.toLowerCase()}-${props.name}`, {
    apiVersion: props.apiVersion,
    kind: props.kind,
    metadata,
    ...props.body,
  });
}
