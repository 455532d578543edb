/** `discover`: reads a Proxmox node over SSH and writes (or returns) a profile skeleton that `loadLab` accepts. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { OutputError, UsageError } from '../errors';
import { loadLab } from '../model/load';
import { parseProfileText } from '../schema/load';
import { connectSsh, type SshOptions } from '../ssh/connection';
import { HostFacts } from '../ssh/host-facts';
import { probeHost, type DiscoveredHost } from './probe';
import { renderSkeleton, toLabel } from './profile-writer';

export interface DiscoverOptions extends Omit<SshOptions, 'timeoutMs'> {
  /** `user@host` (user defaults to root). */
  readonly target: string;
  /** @default 22 */
  readonly port?: number;
  /** Profile file to write; refused when it exists. @default - none: only return the text */
  readonly out?: string;
  /** Profile name. @default - the --out file name, else the node name */
  readonly name?: string;
  /** Seconds to wait for the SSH connection. @default 10 */
  readonly timeoutSeconds?: number;
}

export interface DiscoverResult {
  readonly host: DiscoveredHost;
  /** The profile YAML. */
  readonly text: string;
  /** Where it was written, when `out` was given. */
  readonly file?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  const at = options.target.lastIndexOf('@');
  const user = at > 0 ? options.target.slice(0, at) : 'root';
  const address = options.target.slice(at + 1);
  if (!address) throw new UsageError(`expected user@host, got "${options.target}"`);
  const file = options.out ? resolve(options.out) : undefined;
  if (file && existsSync(file)) throw new OutputError(`${options.out} exists and discover never overwrites a profile; choose another --out or remove it`);
  const port = options.port ?? 22;

  const remote = await connectSsh({ host: address, port, user }, { ...options, timeoutMs: (options.timeoutSeconds ?? 10) * 1000 });
  let host: DiscoveredHost;
  try {
    host = await probeHost(new HostFacts(remote));
  } finally {
    remote.close();
  }

  const mgmt = IPV4.test(address) ? address : (host.bridges.find((b) => b.name === host.defaultDev) ?? host.bridges.find((b) => b.hostAddress))?.hostAddress;
  if (!mgmt) throw new UsageError(`${address} is not an IPv4 address and the host has no IPv4 address on a bridge; run discover with user@<IPv4 address>`);
  const name = options.name ?? (file ? toLabel(basename(file).replace(/\.ya?ml$/, ''), 'lab') : toLabel(host.nodeName, 'lab'));
  const text = renderSkeleton(host, { name, address: mgmt, user, port, schemaPath: schemaPathFor(file) });
  loadLab(parseProfileText(text, options.out ?? '<discovered profile>')); // the skeleton must load as it is
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, { flag: 'wx' });
    } catch (err) {
      throw new OutputError(`cannot write ${options.out}: ${(err as Error).message}`);
    }
  }
  return { host, text, file };
}

/** The package's schema/profile.schema.json relative to the profile's directory (profiles/ when printing). */
function schemaPathFor(file: string | undefined): string {
  if (!file) return '../schema/profile.schema.json';
  let root = __dirname;
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  return relative(dirname(file), join(root, 'schema', 'profile.schema.json')).split('\\').join('/');
}
