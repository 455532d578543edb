/** Every storage of the profile exists on the node and allows the content types the profile says (`pvesh get /storage`). */
import { fail, pass, profilePath, type CheckArea, type CheckOutcome } from '../check';

export const storageChecks: CheckArea = {
  name: 'storage',
  async run({ host, facts }) {
    const found = new Map((await facts.storage()).map((s) => [s.id, s]));
    const out: CheckOutcome[] = [];
    for (const s of host.storage.values()) {
      const check = `storage ${s.id}`;
      const actual = found.get(s.id);
      if (!actual) {
        out.push(fail(check, `no storage ${s.id} (pvesh get /storage has ${[...found.keys()].join(', ') || 'none'})`,
          `add it (Datacenter > Storage, or pvesm add ${s.type} ${s.id} ... --content ${s.content.join(',')}) or correct ${profilePath(host, 'storage')}`));
        continue;
      }
      const problems: CheckOutcome[] = [];
      if (actual.type !== s.type) problems.push(fail(check, `type is ${actual.type}, the profile says ${s.type}`, `set ${profilePath(host, 'storage', s.id, 'type')}: ${actual.type}`));
      if (actual.disabled) problems.push(fail(check, `${s.id} is disabled`, `pvesm set ${s.id} --disable 0`));
      if (actual.nodes && !actual.nodes.includes(host.nodeName)) {
        problems.push(fail(check, `${s.id} is restricted to nodes ${actual.nodes.join(', ')}`, `pvesm set ${s.id} --nodes ${[...actual.nodes, host.nodeName].join(',')}`));
      }
      const missing = s.content.filter((c) => !actual.content.includes(c));
      if (missing.length > 0) {
        problems.push(fail(check, `${s.id} does not allow ${missing.join(', ')} (content: ${actual.content.join(',') || 'none'})`,
          `pvesm set ${s.id} --content ${[...actual.content, ...missing].join(',')}`));
      }
      out.push(...(problems.length > 0 ? problems : [pass(check, `${actual.type}, content ${actual.content.join(',')}`)]));
    }
    return out;
  },
};
