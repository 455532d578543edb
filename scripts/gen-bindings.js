#!/usr/bin/env node
// Generates the cdktf provider bindings (bpg/proxmox, siderolabs/talos) offline from the vendored
// provider schema into .gen/ (gitignored). Only the resource and data source types listed below are
// generated, which keeps `tsc` fast. `cdktf get` (with network access) writes the same layout from
// cdktf.json. Skips the work when the schema, this script and the generator version are unchanged.
'use strict';
process.env.CHECKPOINT_DISABLE = '1';
// @cdktf/commons runs `terraform version` when a binary is on PATH; keep it from warning about ~/.terraformrc.
const fs = require('fs');
const cliConfig = process.env.TF_CLI_CONFIG_FILE;
if ((!cliConfig || !fs.existsSync(cliConfig)) && process.platform !== 'win32') process.env.TF_CLI_CONFIG_FILE = '/dev/null';

const path = require('path');
const crypto = require('crypto');

const ROOT = path.resolve(__dirname, '..');
const SCHEMA = path.join(ROOT, 'schemas/providers/homelab-subset.json');
const OUT = path.join(ROOT, '.gen');
const PINS = { 'bpg/proxmox': '~> 0.111.1', 'siderolabs/talos': '~> 0.11.0' };

/** Resource and data source types our constructs use. Add a type here before using its class. */
const USED = {
  resources: [
    'proxmox_virtual_environment_vm',
    'proxmox_virtual_environment_container',
    'proxmox_virtual_environment_file',
    'proxmox_virtual_environment_role',
    'proxmox_virtual_environment_user',
    'proxmox_user_token',
    'proxmox_acl',
    'proxmox_download_file',
    'proxmox_hardware_mapping_pci',
    'talos_machine_secrets',
    'talos_machine_configuration_apply',
    'talos_machine_bootstrap',
    'talos_cluster_kubeconfig',
    'talos_image_factory_schematic',
  ],
  data: ['talos_machine_configuration', 'talos_client_configuration', 'talos_image_factory_urls'],
};

function filtered() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
  delete schema.provider_versions;
  for (const provider of Object.values(schema.provider_schemas)) {
    for (const [key, list] of [['resource_schemas', USED.resources], ['data_source_schemas', USED.data]]) {
      provider[key] = Object.fromEntries(Object.entries(provider[key] ?? {}).filter(([name]) => list.includes(name)));
    }
  }
  return schema;
}

async function main() {
  const schema = filtered();
  const genPkg = require.resolve('@cdktf/provider-generator/package.json', { paths: [ROOT] });
  const stamp = crypto.createHash('sha256')
    .update(JSON.stringify(schema)).update(fs.readFileSync(__filename)).update(fs.readFileSync(genPkg))
    .digest('hex');
  const stampFile = path.join(OUT, '.stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;

  const genDir = path.dirname(genPkg);
  const fromGen = (m) => require(require.resolve(m, { paths: [genDir] }));
  const { TerraformProviderGenerator } = require(path.join(genDir, 'lib/get/generator/provider-generator'));
  const { CodeMaker } = fromGen('codemaker');
  const { ConstructsMakerProviderTarget, TerraformProviderConstraint, Language } = fromGen('@cdktf/commons');

  const started = Date.now();
  fs.rmSync(OUT, { recursive: true, force: true });
  const code = new CodeMaker();
  for (const fqpn of Object.keys(schema.provider_schemas)) {
    const source = fqpn.split('/').slice(-2).join('/');
    const generator = new TerraformProviderGenerator(code, schema);
    const constraint = new TerraformProviderConstraint(`${source}@${PINS[source]}`);
    generator.generate(new ConstructsMakerProviderTarget(constraint, Language.TYPESCRIPT));
  }
  await code.save(OUT);
  fs.writeFileSync(stampFile, stamp);
  console.log(`provider bindings generated in .gen/ (${Date.now() - started} ms)`);
}

main().catch((err) => {
  console.error(`gen-bindings: ${err.message || err}`);
  process.exit(1);
});
