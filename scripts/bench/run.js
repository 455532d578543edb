#!/usr/bin/env node
// `npm run bench`: cold-process timings of homelab synth / validate / diff / --help on the reference
// profiles and generated labs (N = 10, 100, 1000 VMs; 1000 with 1000 apps across 3 clusters), against
// `cdktf synth` of the same app (cdktf-cli, through cdktf.json) and `node -e 0`, on this machine.
// Writes BENCHMARKS.md. A benchmark, not a test: numbers depend on the machine and its load.
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

function main() {
  const runs = QUICK ? 2 : 5;
  const rows = [];
  const node0 = measure('node -e 0', process.execPath, ['-e', '0'], runs * 2);
  const help = measure('homelab --help', process.execPath, [BIN, '--help'], runs * 2);
  rows.push({ case: 'homelab --help', ours: help, anchor: node0, anchorName: 'node -e 0', target: '≤ 3×' });

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
    rows.push({ case: `synth ${p}`, ours, anchor: cdktf, anchorName: 'cdktf synth', target: '≥ 5× faster' });
    const validate = measure(`homelab validate ${p}`, process.execPath, [BIN, 'validate', '-p', file], runs, { okCodes: [0] });
    rows.push({ case: `validate ${p}`, ours: validate, anchor: node0, anchorName: 'node -e 0' });
  }

  const scale = [];
  for (const n of QUICK ? [10, 100] : [10, 100, 1000]) {
    const file = path.join(WORK, `lab-${n}.yaml`);
    fs.writeFileSync(file, stringify(generateLab(n, n)));
    const ours = measure(`homelab synth lab N=${n} (${n} apps)`, process.execPath, synthArgs(file, `lab-${n}`), n === 1000 ? 3 : runs);
    scale.push({ n, ours });
    rows.push({ case: `synth N=${n} VMs, ${n} apps`, ours, target: n === 1000 ? '< 3 s, < 400 MiB' : '' });
    const validate = measure(`homelab validate lab N=${n}`, process.execPath, [BIN, 'validate', '-p', file], n === 1000 ? 3 : runs, { okCodes: [0] });
    rows.push({ case: `validate N=${n}`, ours: validate });
    // diff with one change against the synth output of the unchanged lab
    const changed = path.join(WORK, `lab-${n}-changed.yaml`);
    const lab = generateLab(n, n);
    lab.clusters.c1.workers[0] ? (lab.clusters.c1.workers[0].memoryMiB = 8192) : (lab.clusters.c1.controlPlanes[0].memoryMiB = 8192);
    fs.writeFileSync(changed, stringify({ ...lab }));
    const diff = measure(`homelab diff lab N=${n} (one change)`, process.execPath, [BIN, 'diff', '-p', changed, '--base-dir', path.join(WORK, `lab-${n}`, 'cdktf.out')], n === 1000 ? 3 : runs, { okCodes: [2], cwd: path.join(WORK, `lab-${n}`) });
    rows.push({ case: `diff N=${n}, one change`, ours: diff });
  }
  rows.push(splitRow(QUICK ? 100 : 1000, QUICK ? 2 : 3));
  const slope = fit(scale.map((s) => [s.n, s.ours.median]));
  writeReport(rows, slope);
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

function writeReport(rows, fitResult) {
  const cpu = os.cpus();
  const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`;
  const fmt = (r) => (r ? `${r.median.toFixed(3)} s [${r.min.toFixed(3)}–${r.max.toFixed(3)}], ${r.rss.toFixed(0)} MiB` : 'n/a');
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
    'Every number is a cold process (median of several runs, [min–max], peak RSS), measured in one run on one machine.',
    '',
    '| case | homelab | anchor | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => {
      const ratio = r.anchor ? (r.anchorName === 'cdktf synth' ? `${(r.anchor.median / r.ours.median).toFixed(1)}× faster` : `${(r.ours.median / r.anchor.median).toFixed(2)}× ${r.anchorName}`) : '';
      return `| ${r.case} | ${fmt(r.ours)} | ${r.anchor ? `${r.anchorName}: ${fmt(r.anchor)}` : ''} | ${ratio} | ${r.target ?? ''} |`;
    }),
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
