#!/usr/bin/env node
// Runs the compiled tests (dist/test/**/*.test.js) with node's test runner; Node 20 has no glob support.
'use strict';
const { readdirSync } = require('fs');
const { join } = require('path');
const { spawnSync } = require('child_process');

const root = join(__dirname, '..', 'dist', 'test');
const filter = process.argv.slice(2);
const files = readdirSync(root, { recursive: true })
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
  .map((f) => join(root, f));
// Tests do not depend on the caller's environment: every variable a profile or fixture reads with ${env:NAME}
// (K3S_SSH_PUBLIC_KEY, K3S_VERSION, ...) is removed; tests that need one set it themselves.
const { readFileSync } = require('fs');
const repo = join(__dirname, '..');
const env = { ...process.env };
for (const dir of ['profiles', join('test', 'fixtures')]) {
  for (const f of readdirSync(join(repo, dir), { recursive: true }).filter((x) => /\.ya?ml$/.test(x))) {
    for (const m of readFileSync(join(repo, dir, f), 'utf8').matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)/g)) delete env[m[1]];
  }
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
