/**
 * Document kinds each Talos minor version decodes (besides the v1alpha1 machine/cluster document). From the
 * vendored machine-config schemas (schemas/talos/v1.1x/config.schema.json, each branch's `kind`) and the kind
 * constants of siderolabs/talos pkg/machinery/config/types/** at v1.11.0, v1.12.0 and v1.13.0. An unknown
 * kind fails to decode on the node ("unknown document kind").
 */
const V1_11 = [
  'EthernetConfig', 'EventSinkConfig', 'ExistingVolumeConfig', 'ExtensionServiceConfig', 'KmsgLogConfig', 'KubeSpanEndpointsConfig',
  'NetworkDefaultActionConfig', 'NetworkRuleConfig', 'PCIDriverRebindConfig', 'RawVolumeConfig', 'SideroLinkConfig', 'SwapVolumeConfig',
  'TrustedRootsConfig', 'UserVolumeConfig', 'VolumeConfig', 'WatchdogTimerConfig', 'ZswapConfig',
];
const V1_12 = [
  ...V1_11, 'BondConfig', 'BridgeConfig', 'DHCPv4Config', 'DHCPv6Config', 'DummyLinkConfig', 'HCloudVIPConfig', 'HostnameConfig',
  'Layer2VIPConfig', 'LinkAliasConfig', 'LinkConfig', 'OOMConfig', 'RegistryAuthConfig', 'RegistryMirrorConfig', 'RegistryTLSConfig',
  'ResolverConfig', 'StaticHostConfig', 'TimeSyncConfig', 'VLANConfig', 'WireguardConfig',
];
const V1_13 = [
  ...V1_12, 'BlackholeRouteConfig', 'EnvironmentConfig', 'ExternalVolumeConfig', 'ImageVerificationConfig', 'KubeSpanConfig',
  'RoutingRuleConfig', 'TCPProbeConfig', 'VRFConfig',
];

const BY_MINOR: ReadonlyMap<number, ReadonlySet<string>> = new Map([
  [11, new Set(V1_11)],
  [12, new Set(V1_12)],
  [13, new Set(V1_13)],
]);

/** Kinds known to Talos 1.<minor>; versions outside 1.11–1.13 use the nearest known set. */
export function knownKinds(minor: number): ReadonlySet<string> {
  return BY_MINOR.get(Math.min(13, Math.max(11, minor)))!;
}
