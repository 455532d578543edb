/** Every bridge of the profile exists with its MTU and VLAN awareness (`ip -j -d link show type bridge`). */
import { fail, pass, profilePath, warn, type CheckArea, type CheckOutcome } from '../check';

export const networkChecks: CheckArea = {
  name: 'bridges',
  async run({ host, facts }) {
    const found = new Map((await facts.bridges()).map((b) => [b.name, b]));
    const out: CheckOutcome[] = [];
    const ifreload = 'in /etc/network/interfaces, then run ifreload -a';
    for (const b of host.bridges.values()) {
      const check = `bridge ${b.name}`;
      const at = (field: string) => profilePath(host, 'bridges', b.name, field);
      const actual = found.get(b.name);
      if (!actual) {
        out.push(fail(check, `no bridge ${b.name} on ${host.nodeName} (bridges: ${[...found.keys()].join(', ') || 'none'})`,
          `create it (auto ${b.name} / iface ${b.name} inet manual / bridge-ports <nic or none> / bridge-stp off / bridge-fd 0${b.mtu !== 1500 ? ` / mtu ${b.mtu}` : ''}${b.vlanAware ? ' / bridge-vlan-aware yes' : ''}) ${ifreload}, or correct ${profilePath(host, 'bridges')}`));
        continue;
      }
      const problems: CheckOutcome[] = [];
      if (actual.mtu !== b.mtu) {
        problems.push(fail(check, `MTU is ${actual.mtu}, the profile says ${b.mtu}`, `set "mtu ${b.mtu}" on ${b.name} and its bridge ports ${ifreload} (or set ${at('mtu')}: ${actual.mtu})`));
      }
      if (b.vlanAware && !actual.vlanFiltering) {
        problems.push(fail(check, `${b.name} is not VLAN-aware, the profile needs VLAN tags on it`, `add "bridge-vlan-aware yes" and "bridge-vids 2-4094" to ${b.name} ${ifreload}`));
      } else if (!b.vlanAware && actual.vlanFiltering) {
        problems.push(warn(check, `${b.name} is VLAN-aware, the profile says vlanAware: false`, `set ${at('vlanAware')}: true`));
      }
      out.push(...(problems.length > 0 ? problems : [pass(check, `MTU ${actual.mtu}${actual.vlanFiltering ? ', VLAN-aware' : ''}`)]));
    }
    return out;
  },
};
