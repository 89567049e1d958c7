/**
 * Bundle sizes, min+gzip, of the production build of:
 *   all      packages/elements/src/cdn.ts — every element, the client and the context (what the CDN script loads);
 *   client   packages/client/src/index.ts — the typed client alone;
 *   <tag>    packages/elements/src/define/<tag>.ts — one element's own entry alone (every file in define/).
 *
 * Each entry is bundled on its own by esbuild (minified ESM, code splitting for dynamic imports, tree shaking,
 * the "@orgkit/source" + "production" conditions, NODE_ENV=production, Lit templates minified by the same
 * transform the CDN build uses). "initial" is the entry chunk plus every chunk it imports statically — what a page
 * downloads before the element works; "lazy" is what loads only on demand (dynamic imports: Stripe's loader, the
 * simulated checkout). Each output file is gzipped separately (gzip -9), as a server would send it.
 * Sizes are deterministic: same sources, same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { minifyTemplates } from '../../packages/elements/scripts/minify-templates.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface InputShare {
  /** Repo-relative source path, or `pkg:<name>` for a dependency. */
  path: string;
  /** Minified bytes this input contributes (before gzip). */
  bytes: number;
}

export interface EntrySize {
  entry: string;
  /** min+gzip bytes downloaded before the entry runs (entry chunk + static imports). */
  initial: number;
  /** Minified bytes (before gzip) of the same. */
  initialMin: number;
  /** min+gzip bytes behind dynamic imports (loaded on demand), with the chunks named by their main input. */
  lazy: number;
  lazyChunks: { chunk: string; gzip: number }[];
  /** The largest inputs of the initial load (minified bytes, from esbuild's metafile). */
  topInputs: InputShare[];
  /** The initial load's minified bytes by package (dependencies) or by workspace directory. */
  byPackage: InputShare[];
}

export interface Sizes {
  tool: string;
  all: EntrySize;
  client: EntrySize;
  elements: Record<string, EntrySize>;
}

const TEMPLATE_FILES = /[\\/]packages[\\/]elements[\\/]src[\\/].*\.ts$/;

/** The CDN build's template minification (packages/elements/scripts/minify-templates.ts) as an esbuild plugin. */
export const minifyTemplatesPlugin: esbuild.Plugin = {
  name: 'orgkit-minify-templates',
  setup(build) {
    build.onLoad({ filter: TEMPLATE_FILES }, (args) => ({
      contents: minifyTemplates(readFileSync(args.path, 'utf8'), args.path),
      loader: 'ts',
    }));
  },
};

/**
 * What an input is counted under: a dependency by package (`pkg:lit-html`), an element by its name (its file and
 * its folder: `elements/org-members`), other workspace packages by package (`contract`, `client`).
 */
function groupOf(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return `pkg:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '')}`;
  }
  const m = /^packages\/([^/]+)\/src\/([^/]+?)(?:\.ts|\/.*)$/.exec(path);
  if (!m) return path;
  return m[1] === 'elements' ? `elements/${m[2] ?? ''}` : (m[1] ?? path);
}

function cleanPath(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    const scoped = rest[0]?.startsWith('@');
    const name = scoped ? `${rest[0] ?? ''}/${rest[1] ?? ''}` : (rest[0] ?? '');
    return `pkg:${name}/${rest.slice(scoped ? 2 : 1).join('/')}`;
  }
  return path;
}

const gzip = (text: Uint8Array) => gzipSync(text, { level: 9 }).length;

async function measureEntry(entry: string, topN: number): Promise<EntrySize> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'es2022',
    // Same resolution as the CDN build (packages/elements/vite.cdn.config.ts): sources, browser, production.
    conditions: ['@orgkit/source', 'module', 'browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    treeShaking: true,
    legalComments: 'none',
    metafile: true,
    write: false,
    outdir: join(ROOT, 'dist', 'bench-size'),
    chunkNames: 'chunk-[hash]',
    entryNames: '[name]',
    logLevel: 'silent',
    plugins: [minifyTemplatesPlugin],
  });
  const meta = result.metafile;
  const files = new Map(result.outputFiles.map((f) => [relative(ROOT, f.path), f.contents]));
  const outputs = Object.entries(meta.outputs).filter(([path]) => path.endsWith('.js'));
  const entryOut = outputs.find(([, o]) => o.entryPoint !== undefined && join(ROOT, o.entryPoint) === join(ROOT, entry));
  if (!entryOut) throw new Error(`size: no output for ${entry}`);

  // Closure over static imports = the initial load; what is reachable only through a dynamic import = lazy.
  const closure = (starts: string[], kinds: Set<string>): Set<string> => {
    const seen = new Set<string>();
    const todo = [...starts];
    while (todo.length) {
      const path = todo.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const imp of meta.outputs[path]?.imports ?? []) if (!imp.external && kinds.has(imp.kind)) todo.push(imp.path);
    }
    return seen;
  };
  const initial = closure([entryOut[0]], new Set(['import-statement']));
  const everything = closure([entryOut[0]], new Set(['import-statement', 'dynamic-import']));
  const lazy = [...everything].filter((p) => !initial.has(p));

  const bytesOf = (path: string) => {
    const contents = files.get(path);
    if (!contents) throw new Error(`size: output ${path} missing`);
    return contents;
  };
  const initialGzip = [...initial].reduce((s, p) => s + gzip(bytesOf(p)), 0);
  const initialMin = [...initial].reduce((s, p) => s + bytesOf(p).length, 0);

  // Name a lazy chunk by its largest input (e.g. pkg:@stripe/stripe-js, simulated-checkout.ts).
  const lazyChunks = lazy
    .map((p) => {
      const inputs = Object.entries(meta.outputs[p]?.inputs ?? {}).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
      const main = inputs[0]?.[0] ?? p;
      return { chunk: cleanPath(main), gzip: gzip(bytesOf(p)) };
    })
    .sort((a, b) => b.gzip - a.gzip || a.chunk.localeCompare(b.chunk));

  const inputs = new Map<string, number>();
  for (const p of initial) {
    for (const [input, info] of Object.entries(meta.outputs[p]?.inputs ?? {})) {
      inputs.set(input, (inputs.get(input) ?? 0) + info.bytesInOutput);
    }
  }
  const byPackageMap = new Map<string, number>();
  for (const [input, bytes] of inputs) byPackageMap.set(groupOf(input), (byPackageMap.get(groupOf(input)) ?? 0) + bytes);
  const sortShares = (m: Map<string, number>, clean: (p: string) => string) =>
    [...m]
      .filter(([, bytes]) => bytes > 0)
      .map(([path, bytes]) => ({ path: clean(path), bytes }))
      .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));

  return {
    entry,
    initial: initialGzip,
    initialMin,
    lazy: lazyChunks.reduce((s, c) => s + c.gzip, 0),
    lazyChunks,
    topInputs: sortShares(inputs, cleanPath).slice(0, topN),
    byPackage: sortShares(byPackageMap, (p) => p),
  };
}

export const ELEMENT_DEFINES = 'packages/elements/src/define';

/** Every element entry: one per file in packages/elements/src/define/. */
export function elementTags(): string[] {
  return readdirSync(join(ROOT, ELEMENT_DEFINES))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

export async function measureSizes(options: { topN?: number } = {}): Promise<Sizes> {
  const topN = options.topN ?? 12;
  const all = await measureEntry('packages/elements/src/cdn.ts', topN);
  const client = await measureEntry('packages/client/src/index.ts', topN);
  const elements: Record<string, EntrySize> = {};
  for (const tag of elementTags()) elements[tag] = await measureEntry(`${ELEMENT_DEFINES}/${tag}.ts`, topN);
  return { tool: `esbuild ${esbuild.version}, gzip -9`, all, client, elements };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
