/**
 * A small layered layout for the SVG fallback (no Graphviz): one column per kind of node (hosts and PCI
 * devices | VMs and containers | NICs | VLANs | bridges | clusters | layers | apps), rows ordered by the
 * mean position of already placed neighbours, then by id. Integer coordinates; same graph, same picture.
 */
import { compareText } from '../inventory/lab-view';
import type { GraphEdge, GraphNode, LabGraph, NodeKind } from './model';

const COLUMN: Readonly<Record<NodeKind, number>> = {
  host: 0, pci: 0, vm: 1, container: 1, nic: 2, vlan: 3, bridge: 4, cluster: 5, layer: 6, app: 7,
};

/** Sizes in px; text width is estimated from the character count (11 px sans-serif). */
export const METRICS = { charWidth: 7, lineHeight: 14, padding: 8, rowGap: 12, minColumnGap: 60, margin: 20, title: 30 };

export interface Box {
  readonly node: GraphNode;
  readonly column: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly boxes: ReadonlyMap<string, Box>;
}

export const textWidth = (text: string): number => text.length * METRICS.charWidth;
const boxWidth = (n: GraphNode) => Math.max(...n.lines.map(textWidth)) + 2 * METRICS.padding;
const boxHeight = (n: GraphNode) => n.lines.length * METRICS.lineHeight + METRICS.padding;

export function layoutGraph(graph: LabGraph): Layout {
  const kinds = [...new Set(graph.nodes.map((n) => COLUMN[n.kind]))].sort((a, b) => a - b);
  const columnOf = (n: GraphNode) => kinds.indexOf(COLUMN[n.kind]);
  const columns = kinds.map((_, c) => graph.nodes.filter((n) => columnOf(n) === c));
  const neighbours = neighbourMap(graph.edges);
  const centre = new Map<string, number>();
  const rows = columns.map((nodes, c) => {
    const ordered = c === 0 ? [...nodes].sort(firstColumnOrder) : byBarycentre(nodes, neighbours, centre);
    let y = 0;
    return ordered.map((node) => {
      const row = { node, y, height: boxHeight(node) };
      centre.set(node.id, y + row.height / 2);
      y += row.height + METRICS.rowGap;
      return row;
    });
  });
  const widths = columns.map((nodes) => Math.max(...nodes.map(boxWidth)));
  const columnById = new Map(columns.flatMap((nodes, c) => nodes.map((n) => [n.id, c] as const)));
  const gaps = columnGaps(graph, columns.length, (id) => columnById.get(id) ?? -1);
  const heights = rows.map((r) => (r.length ? r[r.length - 1]!.y + r[r.length - 1]!.height : 0));
  const tallest = Math.max(0, ...heights);
  const boxes = new Map<string, Box>();
  let x = METRICS.margin;
  rows.forEach((r, c) => {
    const offset = METRICS.margin + METRICS.title + Math.round((tallest - heights[c]!) / 2);
    for (const { node, y, height } of r) boxes.set(node.id, { node, column: c, x, y: offset + y, width: widths[c]!, height });
    x += widths[c]! + (gaps[c] ?? 0);
  });
  return { width: x + METRICS.margin, height: tallest + 2 * METRICS.margin + METRICS.title, boxes };
}

/** Hosts first, each followed by its PCI devices. */
function firstColumnOrder(a: GraphNode, b: GraphNode): number {
  return compareText(a.group, b.group) || Number(a.kind !== 'host') - Number(b.kind !== 'host') || compareText(a.id, b.id);
}

function byBarycentre(nodes: readonly GraphNode[], neighbours: ReadonlyMap<string, readonly string[]>, placed: ReadonlyMap<string, number>): GraphNode[] {
  const key = new Map(nodes.map((n) => {
    const ys = (neighbours.get(n.id) ?? []).map((id) => placed.get(id)).filter((y): y is number => y !== undefined);
    return [n.id, ys.length ? ys.reduce((s, y) => s + y, 0) / ys.length : Infinity];
  }));
  return [...nodes].sort((a, b) => {
    const ka = key.get(a.id)!;
    const kb = key.get(b.id)!;
    return ka === kb ? compareText(a.id, b.id) : ka === Infinity ? 1 : kb === Infinity ? -1 : ka - kb;
  });
}

function neighbourMap(edges: readonly GraphEdge[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of edges) {
    map.set(e.from, [...(map.get(e.from) ?? []), e.to]);
    map.set(e.to, [...(map.get(e.to) ?? []), e.from]);
  }
  return map;
}

/** Room after each column for the labels drawn beside the left end of the edges that start there. */
function columnGaps(graph: LabGraph, count: number, column: (id: string) => number): number[] {
  const gaps = Array.from({ length: count }, () => METRICS.minColumnGap);
  for (const e of graph.edges) {
    const from = column(e.from);
    const to = column(e.to);
    if (!e.label || from < 0 || to < 0) continue;
    const gapIndex = Math.min(from, to);
    if (from !== to) gaps[gapIndex] = Math.max(gaps[gapIndex]!, textWidth(e.label) + 3 * METRICS.padding);
  }
  return gaps;
}
