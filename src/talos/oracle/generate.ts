/**
 * The documents the talos provider's `talos_machine_configuration` generates for a node before any patch,
 * reduced to the fields the validators read (secrets are placeholders). Ported from siderolabs/talos
 * pkg/machinery/config/generate/{init,worker,network}.go at v1.13.0, which talos provider v0.11.0 vendors;
 * the version contract of the node's `talos_version` decides what is emitted.
 */
import type { TalosDocument } from '../network-documents';
import { contractOf, features } from './contract';

export interface GenerateInput {
  readonly machineType: 'controlplane' | 'worker';
  readonly talosVersion: string;
  readonly kubernetesVersion: string;
  readonly clusterName: string;
  /** `https://host:6443`. */
  readonly endpoint: string;
}

const SECRET = '<secret>';

export function generatedDocuments(input: GenerateInput): TalosDocument[] {
  const f = features(contractOf(input.talosVersion));
  const cp = input.machineType === 'controlplane';
  const k8s = input.kubernetesVersion.replace(/^v/, '');
  const machineFeatures: TalosDocument = {
    diskQuotaSupport: true,
    kubePrism: { enabled: true, port: 7445 },
    hostDNS: { enabled: true, forwardKubeDNSToHost: true },
  };
  if (!f.hideRbac) Object.assign(machineFeatures, { rbac: true, apidCheckExtKeyUsage: true });
  // generate/network.go: stableHostname for contracts 1.2 … 1.11, HostnameConfig{auto: stable} from 1.12.
  if (f.legacyStableHostname) machineFeatures.stableHostname = true;
  const machine: TalosDocument = {
    type: input.machineType,
    token: SECRET,
    ca: cp ? { crt: SECRET, key: SECRET } : { crt: SECRET },
    certSANs: [],
    kubelet: { image: `ghcr.io/siderolabs/kubelet:v${k8s}`, defaultRuntimeSeccompProfileEnabled: true, disableManifestsDirectory: true },
    install: { disk: '', image: '', wipe: false, ...(f.grubUseUkiCmdline ? { grubUseUKICmdline: true } : {}) },
    features: machineFeatures,
  };
  if (!f.kubespanMultidoc) machine.network = {};
  const cluster: TalosDocument = {
    id: SECRET,
    secret: SECRET,
    controlPlane: { endpoint: input.endpoint },
    network: { dnsDomain: 'cluster.local', podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] },
    token: SECRET,
    ca: cp ? { crt: SECRET, key: SECRET } : { crt: SECRET },
  };
  if (cp) {
    cluster.clusterName = input.clusterName;
    cluster.etcd = { ca: { crt: SECRET, key: SECRET } };
  }
  const docs: TalosDocument[] = [{ version: 'v1alpha1', debug: false, persist: true, machine, cluster }];
  if (f.multidocNetwork) docs.push({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  return docs;
}
