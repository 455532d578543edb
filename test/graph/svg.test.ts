import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graph } from '../../src/graph/graph';
import { buildGraph, type LabGraph } from '../../src/graph/model';
import { findOnPath, renderSvg } from '../../src/graph/svg';
import { loadLab } from '../../src/model/load';
import { allVms } from '../../src/model/resolve';
import { profilePath } from '../support/paths';

const lab = loadLab(profilePath('triple-nic-mayastor'));
const g = buildGraph(lab);

/** Well-formed enough: one root, balanced elements, no raw `&` or `<` in text. */
function assertXmlish(svg: string): void {
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  const opened = (svg.match(/<([a-zA-Z]+)(\s[^>]*)?(?<!\/)>/g) ?? []).length;
  const closed = (svg.match(/<\/[a-zA-Z]+>/g) ?? []).length;
  assert.equal(opened, closed, 'every element is closed');
  assert.doesNotMatch(svg, /&(?!#?\w+;)/, 'no bare &');
  assert.doesNotMatch(svg, />[^<]*>/, 'no bare > between tags');
}

describe('svg, built-in layout', () => {
  const svg = renderSvg(g, { useGraphviz: false });

  it('is XML-ish, names every VM and every NIC address', () => {
    assertXmlish(svg);
    assert.match(svg, /data-layout="homelab-columns"/);
    for (const vm of allVms(lab)) {
      assert.ok(svg.includes(`>${vm.name}</tspan>`), vm.name);
      for (const nic of vm.nics) assert.ok(svg.includes(`>${nic.alias} ${nic.ip}/${nic.prefix}</text>`), `${vm.name} ${nic.alias}`);
    }
    assert.ok(svg.includes('>hostpci0</text>'));
  });

  it('is deterministic, with integer coordinates, hosts left of VMs left of NICs left of bridges', () => {
    assert.equal(renderSvg(buildGraph(loadLab(profilePath('triple-nic-mayastor'))), { useGraphviz: false }), svg);
    assert.doesNotMatch(svg, /="\d+\.\d+"/);
    const x = (kind: string) => Number(new RegExp(`<g class="node ${kind}"[^>]*><rect x="(\\d+)"`).exec(svg)![1]);
    assert.ok(x('host') < x('vm') && x('vm') < x('nic') && x('nic') < x('bridge') && x('bridge') < x('cluster') && x('cluster') < x('app'));
  });

  it('escapes names', () => {
    const odd: LabGraph = {
      name: 'a & <b>',
      groups: [],
      nodes: [{ id: 'vm:x', kind: 'vm', lines: ['<script>"x"</script>'], group: 'none' }],
      edges: [],
    };
    const out = renderSvg(odd, { useGraphviz: false });
    assertXmlish(out);
    assert.ok(out.includes('&#60;script&#62;&#34;x&#34;&#60;/script&#62;'));
    assert.ok(out.includes('>a &#38; &#60;b&#62;</text>'));
  });
});

describe('svg, Graphviz', () => {
  it('renders through dot -Tsvg when dot is on PATH', async (t) => {
    if (!findOnPath('dot')) {
      t.skip('Graphviz dot is not on PATH; the built-in layout is tested above');
      return;
    }
    const svg = await graph({ profile: profilePath('triple-nic-mayastor'), format: 'svg' });
    assertXmlish(svg.replace(/<!--[\s\S]*?-->/g, ''));
    assert.match(svg, /class="graph"/, 'Graphviz output');
    const text = svg.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))); // dot writes - as &#45;
    for (const vm of allVms(lab)) assert.ok(text.includes(`>${vm.name}</text>`), vm.name);
    assert.ok(text.includes('>net2 10.50.0.43/24</text>'));
  });

  it('falls back to the built-in layout when dot is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      const svg = await graph({ profile: profilePath('triple-nic-mayastor'), format: 'svg' });
      assert.match(svg, /^<svg[^>]*data-layout="homelab-columns"/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
