#!/usr/bin/env node
'use strict';
// `homelab diff | head`: the reader went away; stop quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
require('../dist/src/cli/main.js').run(process.argv).then((code) => {
  process.exitCode = code;
});
