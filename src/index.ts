/** Public API of homelab-cdk: constructs, the profile schema and its types, and the programmatic commands. */
export * from './errors';
export * from './defaults';
export * as model from './model/types';
export { resolveLab, allVms } from './model/resolve';
export { deriveMac } from './model/mac';
export { profileSchema, type ProfileInput } from './schema/profile';
export { loadProfileFile, parseProfile, parseProfileText } from './schema/load';
export * from './constructs/proxmox/proxmox-vm';
export * from './constructs/proxmox/network-device';
export * from './constructs/talos/talos-cluster';
export * from './constructs/talos/talos-node';
export * from './constructs/talos/talos-image';
export * from './constructs/terraform/local-sensitive-file';
export { nodeConfigPatches, nodeDocuments } from './talos/machine-patches';
export { synth, loadLab, type SynthOptions, type SynthResult, type StackSummary } from './synth/synth';
export { validate, validateLab, RULES, type Finding, type Rule, type Hit, type Severity, type ValidateOptions, type ValidateResult } from './validate/validate';
export { LabStack, type LabStackProps } from '../stacks/lab-stack';
export { run } from './cli/main';
