/**
 * The LXC `ostype` of a container template, from the template's file name.
 *
 * Proxmox configures the network, hostname, DNS and SSH host keys inside a container through the setup
 * plugin of its ostype (pve-container `src/PVE/LXC/Setup.pm` `$plugins`, commit 94f5585); `unmanaged`
 * skips all of that. bpg sends `unmanaged` when `operating_system.type` is left out, so homelab always
 * emits the type. The values are the `ostype` enum of pve-container `src/PVE/LXC/Config.pm`; the aliases
 * (rocky/almalinux -> centos, arch -> archlinux, sles/opensuse-* -> opensuse) are the ones Setup.pm maps.
 */

/** `ostype` values Proxmox accepts (pve-container Config.pm). */
export const LXC_OS_TYPES = [
  'alpine', 'archlinux', 'centos', 'debian', 'devuan', 'fedora', 'gentoo', 'nixos', 'opensuse', 'ubuntu', 'unmanaged',
] as const;

export type LxcOsType = (typeof LXC_OS_TYPES)[number];

/** First word of a template file name -> ostype, for the names the Proxmox template index and distributions use. */
const BY_PREFIX: Readonly<Record<string, LxcOsType>> = {
  alpine: 'alpine',
  archlinux: 'archlinux',
  arch: 'archlinux',
  centos: 'centos',
  rockylinux: 'centos',
  rocky: 'centos',
  almalinux: 'centos',
  alma: 'centos',
  debian: 'debian',
  devuan: 'devuan',
  fedora: 'fedora',
  gentoo: 'gentoo',
  nixos: 'nixos',
  opensuse: 'opensuse',
  sles: 'opensuse',
  ubuntu: 'ubuntu',
};

/**
 * `local:vztmpl/debian-13-standard_13.1-2_amd64.tar.zst` -> `debian`; undefined when the name does not
 * start with a known distribution.
 */
export function osTypeFromTemplate(template: string): LxcOsType | undefined {
  const file = template.replace(/^[^:]*:(vztmpl\/)?/, '').split('/').pop() ?? '';
  const word = file.toLowerCase().match(/^[a-z]+/)?.[0];
  return word ? BY_PREFIX[word] : undefined;
}
