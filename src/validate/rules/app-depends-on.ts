/**
 * HL-APP-002: an app's dependsOn names apps of its cluster, without a cycle. Profile resolution already
 * refuses both (ProfileError); this rule checks labs built or changed in code.
 */
import type { App } from '../../model/gitops-types';
import type { Hit, Rule } from '../finding';
import { oneOf } from '../walk';
import { gitopsClustersOf } from '../walk-gitops';

function* cycles(apps: readonly App[]): Generator<Hit> {
  const byName = new Map(apps.map((a) => [a.name, a]));
  const state = new Map<string, 'open' | 'done'>();
  const reported = new Set<string>();
  const stack: string[] = [];
  function* visit(app: App): Generator<Hit> {
    state.set(app.name, 'open');
    stack.push(app.name);
    for (const dep of app.dependsOn) {
      const next = byName.get(dep);
      if (!next) continue;
      if (state.get(dep) === 'open') {
        const loop = [...stack.slice(stack.indexOf(dep)), dep];
        const key = [...new Set(loop)].sort().join(',');
        if (reported.has(key)) continue;
        reported.add(key);
        yield { path: `${next.path}.dependsOn`, message: `dependency cycle: ${loop.join(' -> ')}`, fix: 'remove one of the dependencies' };
      } else if (!state.has(dep)) {
        yield* visit(next);
      }
    }
    stack.pop();
    state.set(app.name, 'done');
  }
  for (const app of apps) if (!state.has(app.name)) yield* visit(app);
}

export const appDependsOn: Rule = {
  id: 'HL-APP-002',
  severity: 'error',
  description: 'An app\'s dependsOn names an existing app of its cluster and the dependencies have no cycle.',
  *check(lab) {
    for (const { gitops } of gitopsClustersOf(lab)) {
      const names = new Set(gitops.apps.map((a) => a.name));
      for (const app of gitops.apps) {
        for (const dep of app.dependsOn.filter((d) => !names.has(d))) {
          yield { path: `${app.path}.dependsOn`, message: `app "${app.name}" depends on "${dep}", which is not an app of cluster "${gitops.cluster}"`, fix: `use one of ${oneOf([...names].sort())}` };
        }
      }
      yield* cycles(gitops.apps);
    }
  },
};
