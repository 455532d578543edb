#!/usr/bin/env node
// Generates a synthetic lab profile for the benchmark: N VMs as nodes of 3 Talos clusters (3 control planes
// each, the rest workers) spread over hosts of 50 VMs, and `apps` apps across the clusters (Flux, MetalLB,
// every 4th app with a reserved LoadBalancer address, every 3rd with a volume). `stacks` (option, or
// `--stacks per-cluster` on the command line) sets the profile's stack split.
'use strict';
const { stringify } = require('yaml');

function ip(n) {
  return `10.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
}

function generateLab(vms, apps, name = `bench-${vms}`, options = {}) {
  const hostCount = Math.max(1, Math.ceil(vms / 50));
  const hosts = {};
  for (let h = 0; h < hostCount; h++) {
    hosts[`pve-${h + 1}`] = {
      address: ip(h),
      cpuThreads: 512,
      memoryMiB: 2 * 1024 * 1024,
      storage: { local: { type: 'dir', content: ['iso', 'snippets'] }, 'local-lvm': { type: 'lvmthin', content: ['images'] } },
      bridges: { vmbr0: { cidr: '10.0.0.0/16', gateway: '10.0.255.254' } },
    };
  }
  const clusters = {};
  const perCluster = Math.ceil(vms / 3);
  let vm = 0;
  let lb = 0;
  for (let c = 0; c < 3; c++) {
    const nodes = [];
    for (let i = 0; i < perCluster && vm < vms; i++, vm++) {
      nodes.push({
        name: `c${c + 1}-node-${i + 1}`,
        vmId: 1000 + vm,
        host: `pve-${Math.floor(vm / 50) + 1}`,
        cores: 2,
        memoryMiB: 4096,
        nics: [{ bridge: 'vmbr0', address: ip(100 + vm) }],
        disks: [{ storage: 'local-lvm', sizeGiB: 32 }],
      });
    }
    const cluster = {
      controlPlanes: nodes.slice(0, Math.min(3, nodes.length)),
      workers: nodes.slice(3),
      gitops: { engine: 'flux', repo: { url: `https://git.example/lab.git` }, path: `gitops/c${c + 1}` },
      loadBalancer: { engine: 'metallb', pools: [{ name: 'main', addresses: [`10.0.${200 + c * 10}.1-10.0.${209 + c * 10}.250`] }] },
      apps: {},
    };
    for (let a = c; a < apps; a += 3) {
      const app = { chart: { repo: `https://charts${a % 7}.example.org`, name: `app${a}`, version: '1.0.0' }, values: { replicas: 1, image: { tag: `v${a}` } } };
      if (a % 4 === 0) app.loadBalancer = { address: `10.0.${200 + c * 10 + Math.floor(lb / 250)}.${(lb++ % 250) + 1}`, ports: [{ name: 'http', port: 80 }] };
      if (a % 3 === 0) app.persistence = { size: '1Gi' };
      cluster.apps[`app-${a}`] = app;
    }
    if (nodes.length) clusters[`c${c + 1}`] = cluster;
  }
  return { name, ...(options.stacks ? { stacks: options.stacks } : {}), proxmox: { insecure: true }, hosts, clusters };
}

module.exports = { generateLab };

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--stacks');
  const stacks = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const [vms = '10', apps = vms] = args;
  process.stdout.write(stringify(generateLab(Number(vms), Number(apps), undefined, { stacks })));
}
