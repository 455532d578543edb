#!/usr/bin/env node
// Writes schema/profile.schema.json (always, at build) and, with --docs, docs/profile.md.
'use strict';
const { mkdirSync, writeFileSync } = require('fs');
const { join } = require('path');
const root = join(__dirname, '..');
const { profileJsonSchema } = require(join(root, 'dist/src/schema/json-schema.js'));
mkdirSync(join(root, 'schema'), { recursive: true });
writeFileSync(join(root, 'schema/profile.schema.json'), `${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
if (process.argv.includes('--docs')) {
  const { profileReferenceMarkdown } = require(join(root, 'dist/src/docs/profile-reference.js'));
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs/profile.md'), profileReferenceMarkdown());
  const { rulesReferenceMarkdown } = require(join(root, 'dist/src/docs/rules-reference.js'));
  writeFileSync(join(root, 'docs/rules.md'), rulesReferenceMarkdown());
  console.log('wrote docs/profile.md, docs/rules.md and schema/profile.schema.json');
}
