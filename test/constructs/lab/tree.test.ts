import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Testing } from '../../../src/cdktf';
import { resolveLab } from '../../../src/model/resolve';
import { loadProfileFile } from '../../../src/schema/load';
import { LabStack } from '../../../stacks/lab-stack';
import { ROOT } from '../../support/paths';

// What the reference profiles read with ${env:...}.
const ENV: Record<string, string> = {
  ACME_EMAIL: 'ops@lab.example', ANSIBLE_SSH_PUBLIC_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAnsible ops@lab', GITOPS_REPO_URL: 'https://git.lab.example/gitops.git',
  K3S_SSH_PUBLIC_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK3s ops@lab', K3S_VERSION: 'v1.33.1+k3s1', NIXOS_IMAGE_URL: 'https://images.lab.example/nixos.qcow2',
  PROXMOX_ENDPOINT: 'https://10.0.0.1:8006/', S3_ENDPOINT: 'https://s3.lab.example',
};

describe('one code path: a profile built as constructs', () => {
  for (const file of readdirSync(join(ROOT, 'profiles')).filter((f) => f.endsWith('.yaml')).sort()) {
    it(`${file}: the lab assembled from the construct tree deep-equals resolveLab, and its Terraform equals the resolved lab's`, (t) => {
      // Set for this test only: files share a process in the test runner's batches.
      const unset = Object.keys(ENV).filter((k) => process.env[k] === undefined);
      for (const k of unset) process.env[k] = ENV[k];
      t.after(() => {
        for (const k of unset) delete process.env[k];
      });
      const profile = loadProfileFile(join(ROOT, 'profiles', file));
      const resolved = resolveLab(profile);
      const fromProfile = new LabStack(Testing.app(), profile.name, { profile });
      assert.deepEqual(fromProfile.model, resolved);
      assert.ok(fromProfile.model.vms.length + fromProfile.model.clusters.length + fromProfile.model.k3sClusters.length > 0);
      const fromLab = new LabStack(Testing.app(), profile.name, { lab: resolved });
      assert.deepEqual(fromLab.model, resolved);
      assert.equal(Testing.synth(fromProfile, true), Testing.synth(fromLab, true));
    });
  }
});

describe('LabStack from a profile object', () => {
  it('keeps the profile\'s lab-wide fields, stacks included', () => {
    const profile = { ...loadProfileFile(join(ROOT, 'profiles', 'default.yaml')), stacks: 'per-cluster' as const };
    assert.equal(new LabStack(Testing.app(), profile.name, { profile }).model.stacks, 'per-cluster');
    assert.equal(resolveLab(profile).stacks, 'per-cluster');
  });
});
