import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/main';
import { graph } from '../../src/graph/graph';
import { renderDot } from '../../src/graph/dot';
import { renderMermaid } from '../../src/graph/mermaid';
import { buildGraph, graphIds, safeIds, type LabGraph } from '../../src/graph/model';
import { loadLab } from '../../src/model/load';
import { allVms } from '../../src/model/resolve';
import { profilePath } from '../support/paths';
import { VLAN_LAB } from '../support/vlan-lab';

const lab = loadLab(profilePath('triple-nic-mayastor'));
const g = buildGraph(lab);
const id = safeIds(g);
const mermaid = renderMermaid(g);
const dot = renderDot(g);

/** Every NIC of every VM, read from the Lab (not from the graph), with the edge the graph must have. */
const nicEdges = allVms(lab).flatMap((vm) =>
  vm.nics.map((nic) => ({
    vm: vm.name,
    bridge: nic.bridge,
    from: graphIds.nic(vm.name, nic.index),
    to: graphIds.bridge(vm.host.key, nic.bridge),
    label: `${nic.alias} ${nic.ip}/${nic.prefix}`,
  })),
);

describe('graph model (triple-nic-mayastor)', () => {
  it('has a node for every VM and an edge from every NIC to its bridge, labelled with alias and address', () => {
    for (const vm of allVms(lab)) assert.ok(g.nodes.some((n) => n.id === graphIds.machine({ kind: 'vm', name: vm.name })), vm.name);
    assert.equal(nicEdges.length, 12);
    for (const e of nicEdges) {
      assert.ok(g.edges.some((x) => x.kind === 'link' && x.from === e.from && x.to === e.to && x.label === e.label), `${e.from} -> ${e.to}`);
    }
  });

  it('gives each worker three NICs, on vmbr0, vmbr3 and vmbr4', () => {
    const worker2 = g.edges.filter((e) => e.kind === 'link' && e.from.startsWith('nic:talos-worker-2:'));
    assert.deepEqual(worker2.map((e) => [e.to, e.label]), [
      ['bridge:ruapehu:vmbr0', 'net0 10.10.0.42/24'],
      ['bridge:ruapehu:vmbr3', 'net1 10.40.0.42/24'],
      ['bridge:ruapehu:vmbr4', 'net2 10.50.0.42/24'],
    ]);
  });

  it('sends a tagged NIC to its VLAN, and the VLAN to its bridge', () => {
    const vlan = buildGraph(loadLab(VLAN_LAB));
    const edge = (from: string, to: string) => vlan.edges.find((e) => e.from === from && e.to === to);
    assert.equal(edge('nic:app:1', 'vlan:pve:vmbr1:20')?.label, 'net1 10.20.0.30/24');
    assert.ok(edge('vlan:pve:vmbr1:20', 'bridge:pve:vmbr1'));
    assert.ok(edge('vlan:pve:vmbr1:30', 'bridge:pve:vmbr1'), 'declared VLANs are drawn even when unused');
    assert.deepEqual(vlan.nodes.find((n) => n.id === 'vlan:pve:vmbr1:20')?.lines, ['vmbr1.20', 'VLAN 20 · 10.20.0.0/24']);
  });

  it('is sorted and the same on every build', () => {
    const ids = g.nodes.map((n) => n.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(renderMermaid(buildGraph(loadLab(profilePath('triple-nic-mayastor')))), mermaid);
  });
});

describe('mermaid and dot', () => {
  it('draw every VM and every NIC -> bridge edge with its address', () => {
    for (const vm of allVms(lab)) {
      assert.ok(mermaid.includes(`"${vm.name}<br/>`), vm.name);
      assert.ok(dot.includes(`label="${vm.name}\\n`), vm.name);
    }
    for (const e of nicEdges) {
      assert.ok(mermaid.includes(`  ${id(e.from)} -->|"${e.label}"| ${id(e.to)}\n`), `mermaid ${e.label}`);
      assert.ok(dot.includes(`  ${id(e.from)} -> ${id(e.to)} [label="${e.label}"];\n`), `dot ${e.label}`);
    }
  });

  it('draw the P4000 -> plex passthrough, cluster main -> nodes and apps by layer', () => {
    for (const line of [
      'pci_ruapehu_p4000 -->|"hostpci0"| vm_plex',
      'cluster_main -->|"control plane"| vm_talos_cp_1',
      'cluster_main -->|"worker"| vm_talos_worker_3',
      'cluster_main --> layer_main_01_platform',
      'layer_main_01_platform --> app_main_argocd',
      'layer_main_02_applications --> app_main_media',
    ]) assert.ok(mermaid.includes(`  ${line}\n`), line);
    assert.match(mermaid, /^flowchart LR$/m);
    assert.match(mermaid, /^ {2}subgraph group_host_ruapehu\["host ruapehu"\]$/m);
    assert.match(mermaid, /^ {2}subgraph group_cluster_main\["cluster main"\]$/m);
    assert.ok(dot.includes('  pci_ruapehu_p4000 -> vm_plex [label="hostpci0"];'));
    assert.ok(dot.includes('  layer_main_02_applications -> app_main_media;'));
    assert.ok(dot.includes('  subgraph cluster_group_host_ruapehu {'));
    assert.ok(dot.includes('  subgraph cluster_group_cluster_main {'));
  });

  it('show the LoadBalancer address of an app', async () => {
    const text = await graph({ profile: profilePath('flux-layered') });
    assert.ok(text.includes('app_main_blocky("blocky<br/>LB 192.168.10.195")'), 'blocky with its LB address');
    assert.ok(text.includes('VIP 192.168.10.167'));
  });

  it('map any name to distinct safe ids and escape labels', () => {
    const odd: LabGraph = {
      name: 'odd "lab"',
      groups: [{ id: 'group:host:a b', kind: 'host', label: 'host "a|b"' }],
      nodes: ['vm:a-b', 'vm:a_b', 'vm:a b', '1:end'].map((nodeId) => ({ id: nodeId, kind: 'vm' as const, lines: [`<${nodeId}> "q" & #`], group: 'group:host:a b' })),
      edges: [{ from: 'vm:a-b', to: 'vm:a_b', kind: 'nic', label: 'a|"b"' }],
    };
    const safe = safeIds(odd);
    const all = [...odd.nodes.map((n) => safe(n.id)), safe('group:host:a b')];
    assert.equal(new Set(all).size, all.length);
    for (const s of all) assert.match(s, /^[A-Za-z][A-Za-z0-9_]*$/);
    const m = renderMermaid(odd);
    assert.ok(m.includes('("#60;vm:a-b#62; #34;q#34; #38; #35;")'), m);
    assert.ok(m.includes('-->|"a#124;#34;b#34;"|'), m);
    const d = renderDot(odd);
    assert.ok(d.includes('digraph "odd \\"lab\\"" {'), d);
    assert.ok(d.includes('[label="a|\\"b\\""]'), d);
  });
});

describe('homelab graph (CLI)', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
  }

  it('prints mermaid by default and writes dot to --out', async () => {
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'graph', '-p', profilePath('triple-nic-mayastor')], c.io), 0);
    assert.equal(`${c.out.join('\n')}\n`, mermaid);
    const file = join(mkdtempSync(join(tmpdir(), 'homelab-graph-')), 'lab.dot');
    assert.equal(await run(['node', 'homelab', 'graph', '-p', profilePath('triple-nic-mayastor'), '--format', 'dot', '-o', file], c.io), 0);
    assert.ok(existsSync(file));
    assert.equal(readFileSync(file, 'utf8'), dot);
  });

  it('rejects an unknown format with the usage exit code', async () => {
    const c = capture();
    assert.equal(await run(['node', 'homelab', 'graph', '--format', 'png'], c.io), 64);
    assert.match(c.err.join('\n'), /--format must be one of mermaid, dot, svg \(got "png"\)/);
  });
});
