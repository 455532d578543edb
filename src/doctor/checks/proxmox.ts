/** The host runs Proxmox VE (`pveversion`) and its node name (`hostname`) is the profile's `nodeName`. */
import { fail, pass, profilePath, warn, type CheckArea, type CheckOutcome } from '../check';

/** Oldest Proxmox VE major the bpg/proxmox provider is tested with. */
const MIN_MAJOR = 8;

export const proxmoxChecks: CheckArea = {
  name: 'proxmox',
  async run({ host, facts }) {
    const out: CheckOutcome[] = [];
    const version = await facts.pveVersion();
    const major = Number(version.match(/pve-manager\/(\d+)\./)?.[1]);
    if (!major) out.push(fail('proxmox', `pveversion printed "${version}", not a pve-manager version`, 'run doctor against a Proxmox VE node'));
    else if (major < MIN_MAJOR) out.push(warn('proxmox', `${version}: older than Proxmox VE ${MIN_MAJOR}`, `upgrade to Proxmox VE ${MIN_MAJOR} or later`));
    else out.push(pass('proxmox', version));
    const node = await facts.nodeName();
    out.push(node === host.nodeName
      ? pass('node-name', `node name ${node}`)
      : fail('node-name', `the host is node "${node}", the profile says "${host.nodeName}"`, `set ${profilePath(host, 'nodeName')}: ${node} (or check that ${host.address} is the right host)`));
    return out;
  },
};
