/**
 * Argo CD does not assess the health of child Applications unless `argocd-cm` says how (since 1.8), so
 * sync waves across Applications would not wait. This Lua check is merged into the values of the Argo CD
 * app (`configs.cm`) when the profile installs Argo CD through GitOps.
 */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then hs.message = obj.status.health.message end',
  'end',
  'return hs',
].join('\n');

export const ARGOCD_HEALTH_VALUES = { configs: { cm: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA } } };
