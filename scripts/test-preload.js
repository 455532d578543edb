// Preloaded into every test process by scripts/run-tests.js: the V8 code cache of src/cli/compile-cache.ts,
// in its own blob (the test files load more modules than the CLI).
'use strict';
require('../dist/src/cli/compile-cache.js').installCompileCache(process.env, 'test');
require('../dist/src/cli/resolve-cache.js').installResolveCache();
