/**
 * The GPU side of a cluster's GitOps tree, from the vendor table (src/model/gpu.ts): the device plugin of every
 * vendor with a GPU node, and what a GPU app gets (resource, node selector, runtime class).
 */
import { GPU_VENDOR_NAMES, vendorInfo, type GpuVendor } from './gpu';
import type { AppGpu, Extra } from './gitops-types';
import type { Vm } from './types';

/** Intel GPU plugin image, pinned to the operator chart (intel/intel-device-plugins-for-kubernetes v0.36.0). */
export const INTEL_GPU_PLUGIN_IMAGE = 'intel/intel-gpu-plugin:0.36.0';

/** Chart name of the Intel device-plugins operator (intel/helm-charts charts/device-plugin-operator/Chart.yaml). */
export const INTEL_OPERATOR_CHART = 'intel-device-plugins-operator';

/** The GPU vendors of a cluster's nodes, in table order. */
export function clusterGpuVendors(nodes: readonly { readonly vm: Vm }[]): GpuVendor[] {
  return GPU_VENDOR_NAMES.filter((v) => nodes.some((n) => n.vm.gpu?.vendor === v));
}

/** What an app's `gpu` asks: a count, and a vendor when the profile names one. */
export function gpuRequestOf(input: number | { readonly vendor: GpuVendor; readonly count?: number } | undefined): AppGpu | undefined {
  if (input === undefined) return undefined;
  return typeof input === 'number' ? { count: input } : { count: input.count ?? 1, vendor: input.vendor };
}

/**
 * Fills in the target of a GPU request: the vendor asked (or the cluster's only vendor), its resource (from the
 * first node with that vendor), node selector and runtime class. Left without a target when the cluster has no
 * such GPU or several vendors and none was named: HL-APP-001 reports it.
 */
export function withGpuTarget(req: AppGpu, nodes: readonly { readonly vm: Vm }[]): AppGpu {
  const vendors = clusterGpuVendors(nodes);
  const vendor = req.vendor ?? (vendors.length === 1 ? vendors[0] : undefined);
  const node = vendor ? nodes.find((n) => n.vm.gpu?.vendor === vendor) : undefined;
  if (!vendor || !node) return req;
  const info = vendorInfo(vendor);
  return {
    ...req,
    target: {
      vendor,
      resource: node.vm.gpu!.resource,
      nodeSelector: { [info.nodeLabel[0]]: info.nodeLabel[1] },
      ...(info.runtimeClass ? { runtimeClass: info.runtimeClass } : {}),
    },
  };
}

/** A derived app, before the resolver adds its chart source, layer and dependencies. */
export interface GpuAppSpec {
  readonly name: string;
  /** Key of PLATFORM_CHARTS, when the app is a chart. */
  readonly chart?: 'nvidia-device-plugin' | 'intel-device-plugins-operator' | 'amd-gpu-device-plugin';
  readonly namespace?: string;
  readonly values?: Readonly<Record<string, unknown>>;
  readonly deps?: readonly string[];
  readonly extras?: readonly Extra[];
  readonly providesCrds?: boolean;
}

/**
 * Device-plugin apps of the vendors present. `operatorApp` is a profile app that already installs the Intel
 * operator chart (then it is not derived again); `builtinNvidiaRuntimeClass`: the distribution ships it (K3s).
 */
export function gpuPluginApps(vendors: readonly GpuVendor[], opts: { readonly operatorApp?: string; readonly operatorNamespace?: string; readonly builtinNvidiaRuntimeClass?: boolean }): GpuAppSpec[] {
  const out: GpuAppSpec[] = [];
  for (const vendor of vendors) {
    const info = vendorInfo(vendor);
    const selector = { [info.nodeLabel[0]]: info.nodeLabel[1] };
    if (vendor === 'nvidia') {
      out.push({
        name: info.devicePluginApp,
        chart: 'nvidia-device-plugin',
        providesCrds: false,
        values: { runtimeClassName: info.runtimeClass, nodeSelector: selector },
        extras: opts.builtinNvidiaRuntimeClass ? [] : [{ type: 'nvidia-runtime-class' }],
      });
    } else if (vendor === 'intel') {
      const operator = opts.operatorApp ?? INTEL_OPERATOR_CHART;
      if (!opts.operatorApp) out.push({ name: INTEL_OPERATOR_CHART, chart: 'intel-device-plugins-operator' });
      out.push({
        name: info.devicePluginApp,
        namespace: opts.operatorNamespace,
        deps: [operator],
        extras: [{ type: 'intel-gpu-plugin', name: 'gpu', image: INTEL_GPU_PLUGIN_IMAGE, nodeSelector: selector }],
      });
    } else {
      // ROCm/k8s-device-plugin helm/amd-gpu/values.yaml (amd-gpu-helm-0.21.0): node_selector (the NFD label of a
      // vendor-1002 display controller and kubernetes.io/arch amd64) applies only with node_selector_enabled; our
      // AMD nodes carry that label themselves, so no NFD is needed.
      out.push({ name: info.devicePluginApp, chart: 'amd-gpu-device-plugin', providesCrds: false, values: { node_selector_enabled: true } });
    }
  }
  return out;
}
