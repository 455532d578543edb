#!/usr/bin/env node
// Runs the compiled tests (dist/test/**/*.test.js), every file in its own node process (node:test, spec
// reporter), several files at a time: HOMELAB_TEST_CONCURRENCY, default 2 × CPUs, because most slow suites wait
// on external tools (npm, tsc, sshd, terraform, kubectl) rather than compute. The slowest files of the previous
// run start first (dist/.test-times.json), so the longest ones do not start last. Every file runs; nothing is
// skipped. Each file's output is printed as one block when it finishes; the wall time of a full run is written to
// dist/.test-wall-time.json (the benchmark reports it). Test processes use the V8 code cache of
// src/cli/compile-cache.ts (HOMELAB_COMPILE_CACHE=0 switches it off).
'use strict';
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('fs');
const { availableParallelism, cpus } = require('os');
const { join, relative } = require('path');
const { spawn } = require('child_process');

const repo = join(__dirname, '..');
const root = join(repo, 'dist', 'test');
const filter = process.argv.slice(2);
const TIMES = join(repo, 'dist', '.test-times.json');
const previous = readJson(TIMES);
const files = readdirSync(root, { recursive: true })
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
  .sort((a, b) => (previous[b] ?? Infinity) - (previous[a] ?? Infinity) || 0);
// Tests do not depend on the caller's environment: every variable a profile or fixture reads with ${env:NAME}
// (K3S_SSH_PUBLIC_KEY, K3S_VERSION, ...) is removed; tests that need one set it themselves.
const env = { ...process.env };
for (const dir of ['profiles', join('test', 'fixtures')]) {
  for (const f of readdirSync(join(repo, dir), { recursive: true }).filter((x) => /\.ya?ml$/.test(x))) {
    for (const m of readFileSync(join(repo, dir, f), 'utf8').matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)/g)) delete env[m[1]];
  }
}
const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
const concurrency = Number(process.env.HOMELAB_TEST_CONCURRENCY) || Math.max(2, cores * 2);
const preload = join(repo, 'scripts', 'test-preload.js');
const started = Date.now();
const totals = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const times = { ...previous };
const failed = [];
let next = 0;
let running = 0;

function runOne(file) {
  running++;
  const t0 = Date.now();
  const child = spawn(process.execPath, ['-r', preload, '--test-reporter=spec', join(root, file)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => out.push(d));
  child.on('close', (code, signal) => {
    running--;
    const seconds = (Date.now() - t0) / 1000;
    times[file] = seconds;
    const text = Buffer.concat(out).toString('utf8');
    for (const key of Object.keys(totals)) {
      const m = text.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm'));
      if (m) totals[key] += Number(m[1]);
    }
    const ok = code === 0 && !/^ℹ fail [1-9]/m.test(text);
    if (!ok) failed.push(`${file} (exit ${code ?? signal})`);
    process.stdout.write(`\n── ${file} (${seconds.toFixed(1)} s)${ok ? '' : ' FAILED'}\n${text.replace(/^ℹ .*\n?/gm, '')}`);
    schedule();
  });
}

function schedule() {
  while (running < concurrency && next < files.length) runOne(files[next++]);
  if (running === 0 && next >= files.length) finish();
}

function finish() {
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(TIMES, `${JSON.stringify(times, null, 1)}\n`);
  for (const [key, n] of Object.entries(totals)) console.log(`ℹ ${key} ${n}`);
  console.log(`ℹ files ${files.length}, concurrency ${concurrency}, wall time ${seconds.toFixed(1)} s`);
  if (failed.length) console.log(`✖ failed:\n  ${failed.join('\n  ')}`);
  if (filter.length === 0) {
    writeFileSync(join(repo, 'dist', '.test-wall-time.json'), `${JSON.stringify({ seconds, files: files.length, concurrency, totals, failed: failed.length, date: new Date().toISOString() })}\n`);
  }
  process.exit(failed.length || totals.fail ? 1 : 0);
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  } catch {
    return {};
  }
}

if (files.length === 0) {
  console.error(`no test file matches ${filter.join(' ')}`);
  process.exit(1);
}
schedule();
