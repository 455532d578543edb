/** `homelab graph`: the lab's topology as mermaid, Graphviz dot or SVG. Loads no cdktf. */
import type { Lab } from '../model/types';
import { UsageError } from '../errors';
import { loadLab } from '../model/load';
import type { ProfileInput } from '../schema/profile';
import { renderDot } from './dot';
import { renderMermaid } from './mermaid';
import { buildGraph } from './model';
import { renderSvg } from './svg';

export * from './model';
export { renderDot } from './dot';
export { renderMermaid } from './mermaid';
export { renderSvg, type SvgOptions } from './svg';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphOptions {
  /** A profile file path, or a profile object. @default - `lab` */
  readonly profile?: string | ProfileInput;
  /** A resolved lab instead of a profile, e.g. `LabStack.lab` of a lab written in code. @default - from `profile` */
  readonly lab?: Lab;
  /** @default 'mermaid' */
  readonly format?: string;
  /** SVG only: use Graphviz when `dot` is on PATH. @default true */
  readonly useGraphviz?: boolean;
}

/** The graph of the profile's lab as text. Throws ProfileError for a bad profile, UsageError for a bad format. */
export async function graph(options: GraphOptions): Promise<string> {
  const format = options.format ?? 'mermaid';
  if (!(GRAPH_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${GRAPH_FORMATS.join(', ')} (got "${format}")`);
  }
  if (!options.lab && options.profile === undefined) throw new UsageError('graph needs a profile or a lab');
  const g = buildGraph(options.lab ?? loadLab(options.profile!));
  if (format === 'dot') return renderDot(g);
  if (format === 'svg') return renderSvg(g, { useGraphviz: options.useGraphviz });
  return renderMermaid(g);
}
