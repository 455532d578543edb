/** The single module that imports cdk8s (the Kubernetes engine), mirroring src/cdktf.ts. */
export { ApiObject, App as K8sApp, Chart, JsonPatch } from 'cdk8s';
export type { ApiObjectProps, ChartProps } from 'cdk8s';
