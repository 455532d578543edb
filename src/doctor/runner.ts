/**
 * `doctor`: connects to every Proxmox host of a profile over SSH, in parallel, and checks it against the
 * profile. A host that cannot be reached is reported (one `ssh` fail) while the others are still checked.
 */
import { UsageError } from '../errors';
import { loadLab } from '../model/load';
import type { Host, Lab } from '../model/types';
import type { ProfileInput } from '../schema/profile';
import { connectSsh, SshError, type Remote, type SshOptions } from '../ssh/connection';
import { HostFacts, RemoteCommandError } from '../ssh/host-facts';
import { fail, pass, type CheckArea, type CheckOutcome, type CheckResult, type CheckStatus } from './check';
import { capacityChecks } from './checks/capacity';
import { iommuChecks } from './checks/iommu';
import { networkChecks } from './checks/network';
import { pciChecks } from './checks/pci';
import { privilegeChecks } from './checks/privileges';
import { proxmoxChecks } from './checks/proxmox';
import { storageChecks } from './checks/storage';

export type { CheckResult, CheckStatus } from './check';

/** The check areas, in the order they run and are reported. */
export const CHECK_AREAS: readonly CheckArea[] = [proxmoxChecks, iommuChecks, pciChecks, networkChecks, storageChecks, capacityChecks, privilegeChecks];

export interface DoctorOptions extends Omit<SshOptions, 'timeoutMs'> {
  /** A profile file path, or a profile object. */
  readonly profile: string | ProfileInput;
  /** Check only these hosts (keys under `hosts`). @default - every host */
  readonly hosts?: readonly string[];
  /** Seconds to wait for a host: for the SSH connection and again for each check area. @default 10 */
  readonly timeoutSeconds?: number;
  /**
   * Hears one plain line per step as it happens (`pve: connecting to root@10.0.0.2:22`, `pve: iommu ...`,
   * `pve: iommu pass`), so a slow or hanging host is visible while it is checked. @default - silent
   */
  readonly onProgress?: (line: string) => void;
}

export interface DoctorReport {
  readonly lab: string;
  /** No check failed. */
  readonly ok: boolean;
  readonly summary: Readonly<Record<CheckStatus, number>>;
  readonly results: readonly CheckResult[];
}

export async function doctor(options: DoctorOptions): Promise<DoctorReport> {
  const lab = loadLab(options.profile);
  const hosts = selectHosts(lab, options.hosts);
  const perHost = await Promise.all(hosts.map((h) => checkHost(lab, h, options)));
  const results = perHost.flat();
  const summary = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) summary[r.status]++;
  return { lab: lab.name, ok: summary.fail === 0, summary, results };
}

function selectHosts(lab: Lab, keys: readonly string[] | undefined): Host[] {
  if (!keys || keys.length === 0) return [...lab.hosts];
  const unknown = keys.filter((k) => !lab.hosts.some((h) => h.key === k));
  if (unknown.length > 0) throw new UsageError(`--host ${unknown.join(', ')}: not a host of the profile (hosts: ${lab.hosts.map((h) => h.key).join(', ')})`);
  return lab.hosts.filter((h) => keys.includes(h.key));
}

async function checkHost(lab: Lab, host: Host, options: DoctorOptions): Promise<CheckResult[]> {
  const timeoutMs = (options.timeoutSeconds ?? 10) * 1000;
  const tag = (outcomes: CheckOutcome[]) => outcomes.map((o) => ({ host: host.key, ...o }));
  const progress = (line: string) => options.onProgress?.(`${host.key}: ${line}`);
  progress(`connecting to ${lab.proxmox.sshUser}@${host.address}:${host.sshPort} (up to ${timeoutMs / 1000} s)`);
  let remote: Remote;
  const connecting = connectSsh({ host: host.address, port: host.sshPort, user: lab.proxmox.sshUser }, { ...options, timeoutMs });
  try {
    // ssh2's own readyTimeout normally fires first; this bounds DNS and TCP set-up too.
    remote = await withTimeout(connecting, timeoutMs + 1000);
  } catch (err) {
    connecting.then((late) => late.close(), () => undefined);
    if (err instanceof SshError) {
      progress('ssh FAIL');
      return tag([fail('ssh', err.message, err.fix)]);
    }
    if (err instanceof TimeoutError) {
      progress(`ssh FAIL (no answer within ${timeoutMs / 1000} s)`);
      return tag([fail('ssh', `${lab.proxmox.sshUser}@${host.address}:${host.sshPort}: no answer within ${timeoutMs / 1000} s`, 'check that the host is up and the address and sshPort are right')]);
    }
    throw err;
  }
  const out: CheckOutcome[] = [pass('ssh', `${remote.target}, key auth, host key ${remote.hostKey.keyType} ${remote.hostKey.fingerprint}${remote.hostKeyAdded ? ` (added to ${options.knownHostsFile ?? '~/.ssh/known_hosts'})` : ''}`)];
  progress('ssh pass');
  const facts = new HostFacts(remote);
  try {
    for (const area of CHECK_AREAS) {
      progress(`${area.name} ...`);
      const outcomes = await runArea(area, { lab, host, facts }, timeoutMs);
      progress(`${area.name} ${outcomeSummary(outcomes)}`);
      out.push(...outcomes);
    }
  } finally {
    remote.close();
  }
  return tag(out);
}

async function runArea(area: CheckArea, ctx: Parameters<CheckArea['run']>[0], timeoutMs: number): Promise<CheckOutcome[]> {
  try {
    return await withTimeout(area.run(ctx), timeoutMs);
  } catch (err) {
    if (err instanceof RemoteCommandError) {
      return [fail(area.name, err.message, `run \`${err.command}\` on ${ctx.host.nodeName} as ${ctx.lab.proxmox.sshUser} to see why (is it a Proxmox VE node?)`)];
    }
    if (err instanceof TimeoutError) return [fail(area.name, `no answer within ${timeoutMs / 1000} s`, 'check the host\'s load and network, or raise --timeout')];
    throw err;
  }
}

/** `pass`, or `2 pass, 1 FAIL` for an area with several checks. */
function outcomeSummary(outcomes: readonly CheckOutcome[]): string {
  const counts = (['pass', 'warn', 'fail'] as const).map((st) => [st, outcomes.filter((o) => o.status === st).length] as const).filter(([, n]) => n > 0);
  if (counts.length === 1 && counts[0]![1] === 1) return counts[0]![0] === 'pass' ? 'pass' : counts[0]![0].toUpperCase();
  return counts.map(([st, n]) => `${n} ${st === 'pass' ? st : st.toUpperCase()}`).join(', ') || 'nothing to check';
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimeoutError()), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
