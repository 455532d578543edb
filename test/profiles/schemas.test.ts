import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES, synthStack } from '../support/synth';
import { validateTalosPatch } from '../support/talos-schema';
import { validateTerraformJson } from '../support/terraform-schema';

describe('every profile synthesizes to output its consumers accept', () => {
  for (const profile of PROFILES) {
    it(`${profile}: every resource and data source matches the bpg/proxmox, siderolabs/talos and hashicorp/local schemas`, async () => {
      assert.deepEqual(validateTerraformJson(await synthStack(profile)), []);
    });
    it(`${profile}: every Talos patch matches the Talos machine-config schema of the cluster's version`, async () => {
      const tf = await synthStack(profile);
      const configs = Object.values<any>(tf.data?.talos_machine_configuration ?? {});
      assert.ok(configs.length > 0);
      for (const c of configs) for (const patch of c.config_patches) assert.deepEqual(validateTalosPatch(patch, c.talos_version), []);
    });
  }
});
