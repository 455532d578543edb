import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILES, synthStack } from '../support/synth';
import { validateTalosPatch } from '../support/talos-schema';
import { validateTerraformJson } from '../support/terraform-schema';

/** Profiles without a Talos cluster (nothing to check against the Talos schema). */
const NO_TALOS = new Set(['k3s-three-node']);

describe('every profile synthesizes to output its consumers accept', () => {
  for (const profile of PROFILES) {
    it(`${profile}: every resource and data source matches the bpg/proxmox, siderolabs/talos, hashicorp/local and hashicorp/random schemas`, async () => {
      assert.deepEqual(validateTerraformJson(await synthStack(profile)), []);
    });
    if (NO_TALOS.has(profile)) continue;
    it(`${profile}: every Talos patch matches the Talos machine-config schema of the cluster's version`, async () => {
      const tf = await synthStack(profile);
      const configs = Object.values<any>(tf.data?.talos_machine_configuration ?? {});
      assert.ok(configs.length > 0);
      for (const c of configs) for (const patch of c.config_patches) assert.deepEqual(validateTalosPatch(patch, c.talos_version), []);
    });
  }
});
