#!/usr/bin/env node
// `npm run bench`: cold-process timings of homelab synth / validate / diff / --help on the reference
// profiles and generated labs (N = 10, 100, 1000 VMs; 1000 with 1000 apps across 3 clusters), against
// `cdktf synth` of the same app (cdktf-cli, through cdktf.json) and `node -e 0`, on this machine.
// Writes BENCHMARKS.md. A benchmark, not a test: numbers depend on the machine and its load.
// Rows are { case, ours, anchor?, anchorName?, target?, met? }: a new case is one `rows.push(row(...))`.
// At the end it runs `npm test`'s runner once (scripts/run-tests.js; skip with --no-tests) and records its wall time.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { stringify } = require('yaml');
const { generateLab } = require('./gen-lab');

const ROOT = path.resolve(__dirname, '..', '..');
// k3s-three-node reads its SSH key from the environment (the owner's rule); any key will do here.
process.env.K3S_SSH_PUBLIC_KEY ??= 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkKeyOnlyForSynthesisXXXXXXXXXXXXXX bench';
const BIN = path.join(ROOT, 'bin', 'homelab.js');
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'homelab-bench-'));
const QUICK = process.argv.includes('--quick');
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command `runs` times in fresh processes; returns wall-time seconds and peak RSS MiB per run. */
function measure(label, cmd, args, runs, opts = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    opts.before?.();
    const argv = TIME ? ['-f', '%M', cmd, ...args] : args;
    const start = process.hrtime.bigint();
    const r = spawnSync(TIME ?? cmd, argv, { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env }, maxBuffer: 1 << 28 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ok = opts.okCodes ?? [0];
    if (!ok.includes(r.status)) throw new Error(`${label}: exit ${r.status}\n${r.stderr?.slice(-2000)}`);
    const rss = TIME ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
    samples.push({ seconds, rss });
  }
  const times = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const result = { label, runs, median, min: times[0], max: times.at(-1), rss: Math.max(...samples.map((s) => s.rss)) };
  console.log(`${label.padEnd(46)} median ${median.toFixed(3)} s  [${result.min.toFixed(3)}-${result.max.toFixed(3)}]  RSS ${result.rss.toFixed(0)} MiB`);
  return result;
}

function synthArgs(profile, tag) {
  return [BIN, 'synth', '-q', '-p', profile, '-o', path.join(WORK, tag, 'cdktf.out'), '--project', path.join(WORK, tag)];
}

const MiB = (r) => r.rss;
/** A table row; `met` is decided here from the target's numbers so the report says which targets hold. */
function row(label, ours, { anchor, anchorName, target, met } = {}) {
  return { case: label, ours, anchor, anchorName, target, met };
}
const fasterThan = (ours, anchor, times) => anchor && anchor.median / ours.median >= times;
const atMost = (r, seconds, mib) => r.median <= seconds && (mib === undefined || !(MiB(r) > mib));

function main() {
  const runs = QUICK ? 2 : 5;
  const rows = [];
  const loadStart = os.loadavg();
  const node0 = measure('node -e 0', process.execPath, ['-e', '0'], runs * 2);
  const help = measure('homelab --help', process.execPath, [BIN, '--help'], runs * 2);
  rows.push(row('homelab --help', help, { anchor: node0, anchorName: 'node -e 0', target: '≤ 2×', met: help.median <= 2 * node0.median }));

  const profiles = ['default', 'triple-nic-mayastor', 'single-node-gpu', 'flux-layered', ...(fs.existsSync(path.join(ROOT, 'profiles', 'k3s-three-node.yaml')) ? ['k3s-three-node'] : [])];
  const haveCdktf = fs.existsSync(CDKTF);
  for (const p of profiles) {
    const file = path.join(ROOT, 'profiles', `${p}.yaml`);
    const ours = measure(`homelab synth ${p}`, process.execPath, synthArgs(file, p), runs);
    const cdktf = haveCdktf
      ? measure(`cdktf synth ${p}`, CDKTF, ['synth', '--output', path.join(WORK, `cdktf-${p}`)], QUICK ? 1 : 3, {
          env: { HOMELAB_PROFILE: file, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CI: '1' },
        })
      : undefined;
    rows.push(row(`synth ${p}`, ours, { anchor: cdktf, anchorName: 'cdktf synth', target: '≥ 10× faster', met: fasterThan(ours, cdktf, 10) }));
    const validate = measure(`homelab validate ${p}`, process.execPath, [BIN, 'validate', '-p', file], runs, { okCodes: [0] });
    rows.push(row(`validate ${p}`, validate, { anchor: node0, anchorName: 'node -e 0' }));
  }

  const scale = [];
  for (const n of QUICK ? [10, 100] : [10, 100, 1000]) {
    const file = path.join(WORK, `lab-${n}.yaml`);
    fs.writeFileSync(file, stringify(generateLab(n, n)));
    const ours = measure(`homelab synth lab N=${n} (${n} apps)`, process.execPath, synthArgs(file, `lab-${n}`), n === 1000 ? 3 : runs);
    scale.push({ n, ours });
    const big = n === 1000;
    rows.push(row(`synth N=${n} VMs, ${n} apps`, ours, big ? { target: '≤ 2 s, ≤ 300 MiB', met: atMost(ours, 2, 300) } : {}));
    const validate = measure(`homelab validate lab N=${n}`, process.execPath, [BIN, 'validate', '-p', file], n === 1000 ? 3 : runs, { okCodes: [0] });
    rows.push(row(`validate N=${n}`, validate, big ? { target: '≤ 0.8 s, ≤ 300 MiB', met: atMost(validate, 0.8, 300) } : {}));
    // diff with one change against the synth output of the unchanged lab
    const changed = path.join(WORK, `lab-${n}-changed.yaml`);
    const lab = generateLab(n, n);
    lab.clusters.c1.workers[0] ? (lab.clusters.c1.workers[0].memoryMiB = 8192) : (lab.clusters.c1.controlPlanes[0].memoryMiB = 8192);
    fs.writeFileSync(changed, stringify({ ...lab }));
    const diff = measure(`homelab diff lab N=${n} (one change)`, process.execPath, [BIN, 'diff', '-p', changed, '--base-dir', path.join(WORK, `lab-${n}`, 'cdktf.out')], n === 1000 ? 3 : runs, { okCodes: [2], cwd: path.join(WORK, `lab-${n}`) });
    rows.push(row(`diff N=${n}, one change`, diff, big ? { target: '≤ 3 s, ≤ 300 MiB', met: atMost(diff, 3, 300) } : {}));
    if (big) rows.push(row(`diff N=${n} against git HEAD, base cached`, diffAgainstHead(n, file, changed), {}));
  }
  rows.push(splitRow(QUICK ? 100 : 1000, QUICK ? 2 : 3));
  const slope = fit(scale.map((s) => [s.n, s.ours.median]));
  const tests = process.argv.includes('--no-tests') ? undefined : npmTestWallTime();
  writeReport(rows, slope, { loadStart, tests });
}

/**
 * `homelab diff -p <changed> --base HEAD` in a git repository whose HEAD holds the unchanged lab: the first run
 * synthesizes the base and caches it (src/diff/base-cache.ts); the measured runs read the cache.
 */
function diffAgainstHead(n, file, changed) {
  const repo = path.join(WORK, `git-${n}`);
  fs.mkdirSync(repo, { recursive: true });
  const git = (...args) => spawnSync('git', ['-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench', ...args], { cwd: repo, encoding: 'utf8' });
  git('init', '-q');
  fs.copyFileSync(file, path.join(repo, 'lab.yaml'));
  git('add', 'lab.yaml');
  git('commit', '-q', '-m', 'lab');
  fs.copyFileSync(changed, path.join(repo, 'lab.yaml'));
  const args = [BIN, 'diff', '-p', path.join(repo, 'lab.yaml'), '--base', 'HEAD'];
  measure(`homelab diff lab N=${n} vs HEAD (first: fills the cache)`, process.execPath, args, 1, { okCodes: [2], cwd: repo });
  return measure(`homelab diff lab N=${n} vs HEAD (cached base)`, process.execPath, args, 3, { okCodes: [2], cwd: repo });
}

/** Runs the whole test suite once as `npm test` does after its build; returns its wall time and result. */
function npmTestWallTime() {
  const start = process.hrtime.bigint();
  const runner = [process.execPath, path.join(ROOT, 'scripts', 'run-tests.js')];
  // With /usr/bin/time: the CPU seconds of the whole suite too (what a 2-core machine has to fit in the wall time).
  const r = spawnSync(TIME ?? runner[0], TIME ? ['-f', 'cpu %U %S', ...runner] : runner.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = r.stderr?.match(/^cpu ([\d.]+) ([\d.]+)$/m);
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined;
  const summary = [...(r.stdout.match(/^ℹ (tests|pass|fail|skipped|files) .*$/gm) ?? []), ...(cpuSeconds ? [`${cpuSeconds.toFixed(0)} CPU seconds`] : [])].join('; ');
  console.log(`npm test (runner only)                         ${seconds.toFixed(1)} s  exit ${r.status}  ${summary}`);
  return { seconds, status: r.status, summary };
}

/**
 * N VMs split per cluster (`stacks: per-cluster`), one VM changed: diff against the synth output of the unchanged
 * lab must report exactly one changed stack, the changed VM's cluster (printed; the bench stops otherwise).
 */
function splitRow(n, runs) {
  const tag = `split-${n}`;
  const file = path.join(WORK, `${tag}.yaml`);
  fs.writeFileSync(file, stringify(generateLab(n, n, undefined, { stacks: 'per-cluster' })));
  const synth = measure(`homelab synth lab N=${n} per-cluster`, process.execPath, synthArgs(file, tag), runs);
  const lab = generateLab(n, n, undefined, { stacks: 'per-cluster' });
  lab.clusters.c2.workers[0].memoryMiB = 8192;
  const changed = path.join(WORK, `${tag}-changed.yaml`);
  fs.writeFileSync(changed, stringify(lab));
  const args = [BIN, 'diff', '-p', changed, '--base-dir', path.join(WORK, tag, 'cdktf.out')];
  const cwd = path.join(WORK, tag);
  const diff = measure(`homelab diff lab N=${n} per-cluster (one VM)`, process.execPath, args, runs, { okCodes: [2], cwd });
  const out = spawnSync(process.execPath, [...args, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const { changedStacks, stacks } = JSON.parse(out.stdout);
  console.log(`split N=${n}: ${stacks.length} stacks, changed: ${changedStacks.join(', ')}`);
  if (changedStacks.length !== 1 || changedStacks[0] !== `${lab.name}-c2`) throw new Error(`split N=${n}: expected only ${lab.name}-c2 to change, got ${changedStacks.join(', ')}`);
  return { case: `diff N=${n} split per cluster (${stacks.length} stacks), one VM change`, ours: diff, target: `only ${changedStacks[0]} differs (synth ${synth.median.toFixed(3)} s)` };
}

/** Least-squares line through (n, seconds). */
function fit(points) {
  const n = points.length;
  const sx = points.reduce((a, [x]) => a + x, 0), sy = points.reduce((a, [, y]) => a + y, 0);
  const sxx = points.reduce((a, [x]) => a + x * x, 0), sxy = points.reduce((a, [x, y]) => a + x * y, 0);
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { slope, intercept: (sy - slope * sx) / n, points };
}

function writeReport(rows, fitResult, { loadStart, tests }) {
  const cpu = os.cpus();
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${load(loadStart)} at the start and ${load(os.loadavg())} at the end (1, 5, 15 min; the machine is shared)`;
  const fmt = (r) => (r ? `${r.median.toFixed(3)} s [${r.min.toFixed(3)}–${r.max.toFixed(3)}], ${r.rss.toFixed(0)} MiB` : 'n/a');
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
    'Every number is a cold process (median of several runs, [min–max], peak RSS), measured in one run on one machine.',
    '',
    '| case | homelab | anchor | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const ratio = r.anchor ? (r.anchorName === 'cdktf synth' ? `${(r.anchor.median / r.ours.median).toFixed(1)}× faster` : `${(r.ours.median / r.anchor.median).toFixed(2)}× ${r.anchorName}`) : '';
      const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
      return `| ${r.case} | ${fmt(r.ours)} | ${r.anchor ? `${r.anchorName}: ${fmt(r.anchor)}` : ''} | ${ratio} | ${r.target ?? ''} | ${met} |`;
    }),
    ...(tests ? [`| npm test (the runner after the build) | ${tests.seconds.toFixed(1)} s, exit ${tests.status} (${tests.summary}) | | | ≤ 60 s | ${tests.seconds <= 60 && tests.status === 0 ? 'yes' : '**no**'} |`] : []),
    '',
    `Growth with lab size (synth): ${fitResult.points.map(([n, s]) => `N=${n}: ${s.toFixed(3)} s`).join(', ')}; least-squares slope ${(fitResult.slope * 1000).toFixed(2)} ms per VM (+1 app), intercept ${fitResult.intercept.toFixed(2)} s.`,
    '',
  ];
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), `${lines.join('\n')}\n${fs.existsSync(path.join(__dirname, 'NOTES.md')) ? fs.readFileSync(path.join(__dirname, 'NOTES.md'), 'utf8') : ''}`);
  console.log('\nwrote BENCHMARKS.md');
}

try {
  main();
} finally {
  fs.rmSync(WORK, { recursive: true, force: true });
}
