/** What a doctor check reports: pass / warn / fail per host and check, with the fix for each problem. */
import type { Host, Lab } from '../model/types';
import type { HostFacts } from '../ssh/host-facts';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckOutcome {
  /** `ssh`, `proxmox`, `iommu`, `pci p4000`, `bridge vmbr3`, `storage local`, `cpu`, `memory`, ... */
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found, with the values received and expected. */
  readonly message: string;
  /** What to change, on the host or in the profile (warn and fail). */
  readonly fix?: string;
}

export interface CheckResult extends CheckOutcome {
  /** Host key under `hosts` in the profile. */
  readonly host: string;
}

/** What a check area reads: the lab, the host it is checking and that host's facts over SSH. */
export interface CheckContext {
  readonly lab: Lab;
  readonly host: Host;
  readonly facts: HostFacts;
}

/** One area of checks (one file under checks/). */
export interface CheckArea {
  /** Name used when the whole area fails (e.g. a command is missing). */
  readonly name: string;
  run(ctx: CheckContext): Promise<CheckOutcome[]>;
}

export const pass = (check: string, message: string): CheckOutcome => ({ check, status: 'pass', message });
export const warn = (check: string, message: string, fix?: string): CheckOutcome => ({ check, status: 'warn', message, fix });
export const fail = (check: string, message: string, fix: string): CheckOutcome => ({ check, status: 'fail', message, fix });

/** `hosts.ruapehu.pci.p4000` */
export const profilePath = (host: Host, ...rest: string[]) => ['hosts', host.key, ...rest].join('.');

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
