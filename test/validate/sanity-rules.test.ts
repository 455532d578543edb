import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { macProblem } from '../../src/validate/rules/sanity-mac-unicast';
import { isSecretName } from '../../src/validate/rules/sanity-secret-env';
import { validate } from '../../src/validate/validate';
import { fixturePath } from '../support/paths';

describe('sanity rules', () => {
  it('names that look secret, and public keys that do not', () => {
    for (const n of ['DB_PASSWORD', 'CF_API_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'SSH_PRIVATE_KEY', 'API_KEY', 'TAILSCALE_AUTHKEY_KEY']) assert.equal(isSecretName(n), true, n);
    for (const n of ['K3S_SSH_PUBLIC_KEY', 'ACME_EMAIL', 'GITOPS_REPO_URL', 'K3S_VERSION', 'KEYBOARD_LAYOUT']) assert.equal(isSecretName(n), false, n);
  });

  it('MACs: group, broadcast and zero addresses are refused; unicast and locally administered pass', () => {
    assert.match(macProblem('01:00:5E:00:00:FB')!, /multicast/);
    assert.match(macProblem('33:33:00:00:00:01')!, /multicast/);
    assert.equal(macProblem('FF:FF:FF:FF:FF:FF'), 'is the broadcast address');
    assert.equal(macProblem('00:00:00:00:00:00'), 'is all zeros');
    assert.equal(macProblem('02:00:00:01:90:00'), undefined);
    assert.equal(macProblem('BC:24:11:AA:BB:CC'), undefined);
  });

  it('a secret env reference is reported where it is used, with the file line', async () => {
    const r = await validate({ profile: fixturePath('invalid', 'rules', 'sanity-secret-env-in-configmap.yaml') });
    const hit = r.findings.find((f) => f.id === 'HL-SANITY-005');
    assert.equal(hit?.path, 'clusters.lab.gitops.variables.DB_PASSWORD');
    assert.match(hit!.message, /cluster-config ConfigMap/);
    assert.equal(hit!.line, 25);
  });
});
