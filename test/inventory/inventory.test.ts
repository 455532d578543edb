import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { inventoryMarkdown, markdownTable } from '../../src/inventory/inventory';
import { loadLab } from '../../src/model/load';
import { allVms } from '../../src/model/resolve';
import type { Lab } from '../../src/model/types';
import { profilePath } from '../support/paths';
import { VLAN_LAB } from '../support/vlan-lab';

/** Every address of the lab, collected from the Lab itself (not through the inventory code). */
function labAddresses(lab: Lab): string[] {
  return [
    ...lab.hosts.map((h) => h.address),
    ...lab.hosts.flatMap((h) => [...h.bridges.values()].flatMap((b) => [b.network?.gateway, ...[...b.vlans.values()].map((n) => n.gateway)])),
    ...allVms(lab).flatMap((vm) => vm.nics.map((n) => n.ip)),
    ...lab.clusters.flatMap((c) => [c.vip, ...(c.gitops?.apps ?? []).map((a) => a.loadBalancer?.address)]),
  ].filter((a): a is string => a !== undefined && a !== 'dhcp');
}

/** Occurrences of an IPv4 address as a whole token (10.10.0.1 does not count inside 10.10.0.10). */
function occurrences(text: string, address: string): number {
  const escaped = address.replace(/\./g, '\\.');
  return (text.match(new RegExp(`(?<![\\d.])${escaped}(?![\\d]|\\.\\d)`, 'g')) ?? []).length;
}

/** Rows (cells) of the table under `## heading`. */
function table(markdown: string, heading: string): string[][] {
  const section = markdown.split(`## ${heading}\n`)[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .slice(2)
    .map((l) => l.slice(2, -2).split(' | '));
}

describe('inventoryMarkdown (triple-nic-mayastor)', () => {
  const lab = loadLab(profilePath('triple-nic-mayastor'));
  const md = inventoryMarkdown(lab);

  it('lists every address of the lab exactly once', () => {
    const addresses = labAddresses(lab);
    assert.equal(addresses.length, 2 + 12, 'host, gateway and 12 NICs');
    assert.equal(new Set(addresses).size, addresses.length);
    for (const address of addresses) assert.equal(occurrences(md, address), 1, address);
    assert.equal(table(md, 'Addresses').length, addresses.length + 1, 'and the DHCP NIC of the golden-image template');
  });

  it('gives each NIC its VM, index, bridge and MAC', () => {
    const row = table(md, 'Addresses').find((r) => r[0] === '10.50.0.42/24');
    assert.deepEqual(row, ['10.50.0.42/24', 'NIC', 'talos-worker-2 (worker)', 'ruapehu', '2 net2', 'vmbr4', '02:00:00:01:92:02']);
  });

  it('lists VMIDs sorted, with host, role, cores and memory', () => {
    const rows = table(md, 'VMIDs');
    assert.deepEqual(rows.map((r) => Number(r[0])), [...allVms(lab).map((vm) => vm.vmId), 9000].sort((a, b) => a - b), 'the VMs and the template');
    assert.deepEqual(rows[0], ['400', 'talos-cp-1', 'ruapehu', 'control plane', '4', '8192']);
    assert.deepEqual(rows[1], ['401', 'talos-worker-1', 'ruapehu', 'worker', '5', '16384']);
    assert.deepEqual(rows[4], ['450', 'plex', 'ruapehu', 'vm', '5', '8192']);
  });

  it('lists PCI passthrough and storage', () => {
    assert.deepEqual(table(md, 'PCI passthrough'), [['ruapehu', 'p4000', '0000:0d:00', '10de:1bb1', 'plex']]);
    assert.deepEqual(table(md, 'Storage').map((r) => r[1]), ['local', 'local-lvm', 'ranginui']);
    assert.deepEqual(table(md, 'Storage')[2], ['ruapehu', 'ranginui', 'zfspool', 'images, rootdir', 'no']);
  });

  it('is the same text on every run', () => {
    assert.equal(inventoryMarkdown(loadLab(profilePath('triple-nic-mayastor'))), md);
  });
});

describe('inventoryMarkdown (flux-layered)', () => {
  const lab = loadLab(profilePath('flux-layered'));
  const rows = table(inventoryMarkdown(lab), 'Addresses');

  it('lists every LoadBalancer reservation once, with its app', () => {
    const reservations = (lab.clusters[0]!.gitops?.apps ?? []).filter((a) => a.loadBalancer);
    assert.ok(reservations.length >= 20);
    for (const app of reservations) {
      const matching = rows.filter((r) => r[0] === app.loadBalancer!.address);
      assert.deepEqual(matching, [[app.loadBalancer!.address, 'LoadBalancer', app.name, 'main', '—', '—', '—']], app.name);
    }
  });

  it('lists the VIP and the pool as a range, every address once in the address column', () => {
    assert.ok(rows.some((r) => r[0] === '192.168.10.167' && r[1] === 'cluster VIP'));
    assert.ok(rows.some((r) => r[0] === '192.168.10.193-192.168.10.254' && r[1] === 'LB pool' && r[2] === 'main'));
    const column = rows.map((r) => r[0]);
    for (const address of labAddresses(lab)) assert.equal(column.filter((a) => a.split('/')[0] === address).length, 1, address);
  });
});

describe('inventoryMarkdown (VLANs)', () => {
  it('names the VLAN of a tagged NIC and lists each gateway once', () => {
    const md = inventoryMarkdown(loadLab(VLAN_LAB));
    const rows = table(md, 'Addresses');
    assert.deepEqual(rows.find((r) => r[0] === '10.20.0.30/24')?.slice(1, 6), ['NIC', 'app (vm)', 'pve', '1 net1', 'vmbr1 VLAN 20']);
    assert.deepEqual(rows.filter((r) => r[1] === 'gateway').map((r) => [r[0], r[2]]), [['10.20.0.1', 'vmbr1 VLAN 20'], ['192.168.1.1', 'vmbr0']]);
    for (const address of labAddresses(loadLab(VLAN_LAB))) assert.equal(occurrences(md, address), 1, address);
  });
});

describe('markdownTable', () => {
  it('escapes pipes and marks empty cells', () => {
    assert.equal(markdownTable(['a', 'b'], [['x|y', undefined]]), '| a | b |\n| --- | --- |\n| x\\|y | — |');
    assert.equal(markdownTable(['a'], []), '_none_');
  });
});

describe('homelab inventory (CLI)', () => {
  it('prints the inventory, or writes it to --out', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => undefined };
    const expected = inventoryMarkdown(loadLab(profilePath('triple-nic-mayastor')));
    assert.equal(await run(['node', 'homelab', 'inventory', '-p', profilePath('triple-nic-mayastor')], io), 0);
    assert.equal(`${out.join('\n')}\n`, expected);
    const file = join(mkdtempSync(join(tmpdir(), 'homelab-inventory-')), 'inventory.md');
    assert.equal(await run(['node', 'homelab', 'inventory', '-p', profilePath('triple-nic-mayastor'), '--out', file], io), 0);
    assert.equal(readFileSync(file, 'utf8'), expected);
  });
});

describe('inventory of a K3s lab with GitOps', () => {
  it('lists the MetalLB pool and the LB-less apps of k3s-three-node like a Talos cluster', () => {
    process.env.K3S_SSH_PUBLIC_KEY ??= 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2b3Aw5Q5rG2V7cM2l7c9rQ7v8s4m7bX0VZ1zYbR6nL test';
    assert.match(inventoryMarkdown(loadLab(profilePath('k3s-three-node'))), /10\.20\.11\.200-10\.20\.11\.220/);
  });

  it('lists the VIP of a K3s cluster among the addresses', () => {
    process.env.K3S_SSH_PUBLIC_KEY ??= 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2b3Aw5Q5rG2V7cM2l7c9rQ7v8s4m7bX0VZ1zYbR6nL test';
    assert.match(inventoryMarkdown(loadLab(profilePath('k3s-three-node'))), /\| 10\.20\.11\.20 \| cluster VIP \| k3s \|/);
  });
});
