/**
 * A faster path through cdktf's token resolution, with the same result (owned by src/cdktf.ts, the only
 * module that loads it).
 *
 * `app.synth()` resolves every resource three times (a "preparing" pass, each element, then the whole stack)
 * with cdktf's `resolve()` (cdktf 0.21.0, lib/tokens/private/resolve.js). For every value it visits — every
 * key, string and number of every resource — it allocates a resolution context with two closures, copies the
 * key path, and runs up to three regular expressions over each string. Nearly all our values are plain data,
 * for which all of that returns the value unchanged.
 *
 * `fastResolve` walks plain data itself and hands everything else to the original function with the same
 * options it would have received there (key path, the four context flags, scope, resolver, preparing):
 * - a string: plain when it has no token marker (`TfToken[`, the start of every string, list and map token),
 *   is not one of the two map-token sentinels, and has no encoded number (cdktf's NUMBER_TOKEN_REGEX);
 * - a number: plain when it is not the map-token sentinel and does not carry the token bit pattern;
 * - an array: its elements one by one, unless an element is a list token (string or number);
 * - an object: its entries, unless it is a token (has `resolve`), has a map-token key, is a construct, or a Date;
 * - undefined, null, booleans: as they are; functions and paths deeper than 200 go to the original (which
 *   throws its error).
 * Like the original, undefined entries are dropped from objects and arrays and keys keep their order.
 * The determinism and snapshot tests compare the Terraform JSON with and without it
 * (HOMELAB_FAST_RESOLVE=0 switches it off).
 */

interface ResolveOptions {
  readonly scope: unknown;
  readonly preparing: boolean;
  readonly resolver: unknown;
  readonly prefix?: string[];
  readonly previousContext?: unknown;
}

type Resolve = (obj: unknown, options: ResolveOptions) => unknown;

interface Path {
  readonly parent: Path | undefined;
  readonly key: string;
}

const MARKER = 'TfToken[';
// Same pattern as cdktf's NUMBER_TOKEN_REGEX (lib/tokens/private/encoding.js), without the global flag.
const NUMBER_TOKEN = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
const STRING_MAP_TOKEN_VALUE = 'String Map Token Value';
const ANY_MAP_TOKEN_VALUE = 'Any Map Token Value';
const NUMBER_MAP_TOKEN_VALUE = -123456789;
const MAX_DEPTH = 200;

let installed = false;

/** Replaces cdktf's exported `resolve` (used by Tokenization.resolve, hence by every synth) once per process. */
export function installFastResolve(env: NodeJS.ProcessEnv = process.env): boolean {
  if (installed) return true;
  if (env.HOMELAB_FAST_RESOLVE === '0') return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('cdktf/lib/tokens/private/resolve') as { resolve: Resolve };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const encoding = require('cdktf/lib/tokens/private/encoding') as { extractTokenDouble: (x: number, list: boolean) => number | undefined };
  const original = mod.resolve;
  const plainNumber = (x: number) =>
    x !== NUMBER_MAP_TOKEN_VALUE && (Number.isSafeInteger(x) || encoding.extractTokenDouble(x, false) === undefined);
  const listToken = (x: unknown) =>
    (typeof x === 'string' && x.includes(MARKER)) || (typeof x === 'number' && !Number.isSafeInteger(x) && encoding.extractTokenDouble(x, true) !== undefined);

  const fastResolve: Resolve = (obj, options) => {
    const root = options.prefix ?? [];
    const prefixOf = (p: Path | undefined): string[] => {
      const keys: string[] = [];
      for (let at = p; at; at = at.parent) keys.push(at.key);
      return root.concat(keys.reverse());
    };
    // What the original passes to a child: the same options with a longer path and a context whose flags are
    // copied from this level's previous context. Reading `previousContext?.flag` gives the same values from it.
    const delegate = (value: unknown, p: Path | undefined): unknown =>
      p === undefined ? original(value, options) : original(value, { ...options, prefix: prefixOf(p), previousContext: childContext });
    const prev = options.previousContext as Record<string, unknown> | undefined;
    const childContext = {
      preparing: options.preparing,
      scope: options.scope,
      suppressBraces: prev?.suppressBraces,
      ignoreEscapes: prev?.ignoreEscapes,
      warnEscapes: prev?.warnEscapes,
      iteratorContext: prev?.iteratorContext,
    };
    const walk = (value: unknown, p: Path | undefined, depth: number): unknown => {
      if (value === undefined || value === null || typeof value === 'boolean') return value;
      if (root.length + depth > MAX_DEPTH) return delegate(value, p);
      if (typeof value === 'string') {
        if (value.includes(MARKER) || value === STRING_MAP_TOKEN_VALUE || value === ANY_MAP_TOKEN_VALUE || NUMBER_TOKEN.test(value)) return delegate(value, p);
        return value;
      }
      if (typeof value === 'number') return plainNumber(value) ? value : delegate(value, p);
      if (typeof value !== 'object' || value instanceof Date) return typeof value === 'function' ? delegate(value, p) : value;
      if (Array.isArray(value)) {
        if (value.some(listToken)) return delegate(value, p);
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          const r = walk(value[i], { parent: p, key: `${i}` }, depth + 1);
          if (r !== undefined) out.push(r);
        }
        return out;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // Tokens, map tokens, and keys the original would have to look at for encoded numbers.
      if (typeof record.resolve === 'function' || keys.some((k) => k.includes(MARKER) || NUMBER_TOKEN.test(k))) return delegate(value, p);
      if (record._children !== undefined && record._metadata !== undefined) return delegate(value, p);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        const r = walk(record[key], { parent: p, key }, depth + 1);
        if (r !== undefined) out[key] = r;
      }
      return out;
    };
    return walk(obj, undefined, 0);
  };
  mod.resolve = fastResolve;
  installed = true;
  return true;
}
