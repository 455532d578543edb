#!/usr/bin/env node
'use strict';
// `homelab diff | head`: the reader went away; stop quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
// V8 code cache of the modules (see src/cli/compile-cache.ts; HOMELAB_COMPILE_CACHE=0 switches it off), one
// blob per command: each loads only what it needs.
const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
require('../dist/src/cli/compile-cache.js').installCompileCache(process.env, `cli-${command}`);
require('../dist/src/cli/resolve-cache.js').installResolveCache();
require('../dist/src/cli/main.js').run(process.argv).then((code) => {
  process.exitCode = code;
});
