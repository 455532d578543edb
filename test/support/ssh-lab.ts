/** One sshd serving a recorded Proxmox node, a known_hosts file trusting it, and profiles pointing at it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { profilePath } from './paths';
import { ruapehu, writeFixture, type HostFixture } from './pve-fixture';
import { startSshd, type Sshd } from './sshd';

export interface SshLab {
  readonly sshd: Sshd;
  readonly dir: string;
  /** known_hosts with the server's key (a fresh copy per call of `trustedKnownHosts`). */
  trustedKnownHosts(): string;
  /** Rewrites the recorded host (ruapehu with `change` applied). */
  serve(change?: (h: HostFixture) => void): void;
  /**
   * profiles/triple-nic-mayastor.yaml with ruapehu at 127.0.0.1:<sshd port>, SSH user = the current user,
   * plus `extraHosts` (key -> port) with nothing on them.
   */
  profile(extraHosts?: Record<string, number>, edit?: (profile: any) => void): string;
  stop(): Promise<void>;
}

export async function startSshLab(): Promise<SshLab> {
  const dir = mkdtempSync(join(tmpdir(), 'homelab-doctor-'));
  const fixtureDir = join(dir, 'ruapehu');
  const serve = (change?: (h: HostFixture) => void) => {
    const host = ruapehu();
    change?.(host);
    writeFixture(fixtureDir, host);
  };
  serve();
  const sshd = await startSshd(fixtureDir);
  let n = 0;
  return {
    sshd,
    dir,
    serve,
    trustedKnownHosts: () => {
      const file = join(dir, `known_hosts.${++n}`);
      writeFileSync(file, `${sshd.knownHostsLine}\n`);
      return file;
    },
    profile: (extraHosts = {}, edit?: (profile: any) => void) => {
      const p = parse(readFileSync(profilePath('triple-nic-mayastor'), 'utf8'));
      p.proxmox.sshUser = sshd.user;
      Object.assign(p.hosts.ruapehu, { address: '127.0.0.1', sshPort: sshd.port });
      for (const [key, port] of Object.entries(extraHosts)) {
        p.hosts[key] = { address: '127.0.0.1', sshPort: port, cpuThreads: 8, memoryMiB: 16384, storage: { local: { type: 'dir', content: ['iso'] } }, bridges: { vmbr0: {} } };
      }
      edit?.(p);
      const file = join(dir, `profile.${++n}.yaml`);
      writeFileSync(file, stringify(p));
      return file;
    },
    stop: () => sshd.stop(),
  };
}
