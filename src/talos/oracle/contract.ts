/**
 * The Talos config "version contract": which documents and fields the config generator emits for a Talos
 * version. Mirrors `VersionContract` in siderolabs/talos pkg/machinery/config/contract.go (v1.13.0): each
 * feature switches on `contract.Greater(TalosVersionX_Y)`, i.e. for every version above X.Y.
 */
export interface TalosContract {
  readonly major: number;
  readonly minor: number;
}

/** `v1.12.4` -> { major: 1, minor: 12 }; patch releases share their minor's contract. */
export function contractOf(talosVersion: string): TalosContract {
  const [major, minor] = talosVersion.replace(/^v/, '').split('.').map((x) => Number.parseInt(x, 10));
  return { major: major ?? 1, minor: minor ?? 0 };
}

/** `contract.Greater(TalosVersion<major>_<minor>)`. */
export function greater(c: TalosContract, minor: number, major = 1): boolean {
  return c.major > major || (c.major === major && c.minor > minor);
}

/** Switches of contract.go used by the generator and the validators we port. */
export const features = (c: TalosContract) => ({
  /** MultidocNetworkConfigSupported: network settings are separate documents (HostnameConfig, LinkConfig, …). */
  multidocNetwork: greater(c, 11),
  /** KubeSpanMultidocConfig: the generator no longer emits an empty `machine.network`. */
  kubespanMultidoc: greater(c, 12),
  /** StableHostnameEnabled && !MultidocNetworkConfigSupported: `machine.features.stableHostname: true`. */
  legacyStableHostname: greater(c, 1) && !greater(c, 11),
  /** HideRBACAndKeyUsage: `machine.features.rbac` is no longer written. */
  hideRbac: greater(c, 11),
  /** GrubUseUKICmdlineDefault. */
  grubUseUkiCmdline: greater(c, 11),
});
