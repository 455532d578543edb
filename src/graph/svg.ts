/**
 * Renders the lab graph as SVG: through Graphviz (`dot -Tsvg`) when `dot` is on PATH, otherwise with the
 * column layout of ./layout (boxes, straight lines, labels). No browser, no extra dependency.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { renderDot } from './dot';
import { layoutGraph, METRICS, type Box } from './layout';
import { KIND_COLOURS, type GraphEdge, type LabGraph } from './model';

export interface SvgOptions {
  /** Use Graphviz when `dot` is on PATH. @default true */
  readonly useGraphviz?: boolean;
  /** Time `dot` may take before the built-in layout is used instead. @default 10000 */
  readonly timeoutMs?: number;
}

/** `<svg ...>...</svg>`, starting at the root element (no XML prolog or DOCTYPE). */
export function renderSvg(graph: LabGraph, options: SvgOptions = {}): string {
  const viaGraphviz = options.useGraphviz === false ? undefined : graphvizSvg(renderDot(graph), options.timeoutMs ?? 10_000);
  return viaGraphviz ?? renderLayoutSvg(graph);
}

/** Absolute path of an executable on PATH, or undefined. */
export function findOnPath(binary: string, path = process.env.PATH ?? ''): string | undefined {
  const names = process.platform === 'win32' ? [`${binary}.exe`, binary] : [binary];
  for (const dir of path.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Graphviz's SVG, or undefined when `dot` is missing, fails or times out. */
function graphvizSvg(dot: string, timeoutMs: number): string | undefined {
  const binary = findOnPath('dot');
  if (!binary) return undefined;
  const r = spawnSync(binary, ['-Tsvg'], { input: dot, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) return undefined;
  const start = r.stdout.indexOf('<svg');
  return start < 0 ? undefined : r.stdout.slice(start);
}

export function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The pure-JS rendering: deterministic for a given graph. */
export function renderLayoutSvg(graph: LabGraph): string {
  const layout = layoutGraph(graph);
  const { width, height } = layout;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11" data-layout="homelab-columns">`,
    `<title>${xmlText(`homelab graph of ${graph.name}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${METRICS.margin}" y="${METRICS.margin + 12}" font-size="14" font-weight="bold">${xmlText(graph.name)}</text>`,
    '<g class="edges" stroke="#777777" fill="none">',
  ];
  for (const e of graph.edges) {
    const from = layout.boxes.get(e.from);
    const to = layout.boxes.get(e.to);
    if (from && to) out.push(...edgeSvg(e, from, to));
  }
  out.push('</g>', '<g class="nodes">');
  for (const box of layout.boxes.values()) out.push(boxSvg(box));
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

function edgeSvg(e: GraphEdge, from: Box, to: Box): string[] {
  const forward = from.column <= to.column;
  const x1 = forward ? from.x + from.width : from.x;
  const x2 = forward ? to.x : to.x + to.width;
  const y1 = Math.round(from.y + from.height / 2);
  const y2 = Math.round(to.y + to.height / 2);
  const line = `<line class="${e.kind}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`;
  if (!e.label) return [line];
  // beside the left end of the line, where the rows keep labels apart
  const [lx, ly] = forward ? [x1, y1] : [x2, y2];
  return [line, `<text x="${lx + METRICS.padding}" y="${ly - 4}" font-size="10" fill="#333333" stroke="#ffffff" stroke-width="3" paint-order="stroke">${xmlText(e.label)}</text>`];
}

function boxSvg(box: Box): string {
  const { node, x, y, width, height } = box;
  const rx = node.kind === 'vm' || node.kind === 'container' || node.kind === 'app' ? 8 : node.kind === 'nic' ? height / 2 : 2;
  const text = node.lines.map((line, i) => {
    const weight = i === 0 ? ' font-weight="bold"' : '';
    return `<tspan x="${x + METRICS.padding}" y="${y + METRICS.padding / 2 + (i + 1) * METRICS.lineHeight - 3}"${weight}>${xmlText(line)}</tspan>`;
  });
  return [
    `<g class="node ${node.kind}" data-id="${xmlText(node.id)}">`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${Math.round(rx)}" fill="${KIND_COLOURS[node.kind]}" stroke="#555555"/>`,
    `<text>${text.join('')}</text>`,
    '</g>',
  ].join('');
}
