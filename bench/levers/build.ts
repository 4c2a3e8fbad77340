import { spawnSync } from 'node:child_process';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE, bundleOptions, dataFiles, SDK_MODEL_CHUNK, ZOD_CHUNK } from '../../scripts/bundle';

const dir = join(__dirname, '..', '.build', 'levers');

/** Every import of src/skill/metrics.ts gets bench/levers/no-metrics.ts instead. */
const withoutMetrics: Plugin = {
  name: 'without-metrics',
  setup(plugin) {
    const skillDir = join(__dirname, '..', '..', 'src', 'skill');
    plugin.onResolve({ filter: /^\.\/metrics$/ }, (args) =>
      args.resolveDir === skillDir ? { path: join(__dirname, 'no-metrics.ts') } : undefined,
    );
  },
};

/** The bundle with one cold-start lever undone, or without the metric lines, to show in `npm run bench` what each costs. */
const UNDONE = {
  rulesAtLoad: {
    label: 'rules validated at load, not at build',
    options: { ...bundleOptions, plugins: bundleOptions.plugins!.filter((p) => p.name !== 'rules-validated-at-build') },
  },
  zodInBundle: {
    label: 'zod inside the bundle, not beside it',
    options: { ...bundleOptions, plugins: bundleOptions.plugins!.filter((p) => p.name !== 'lazy-zod') },
  },
  unminified: { label: 'not minified', options: { ...bundleOptions, minify: false } },
  noMetrics: {
    label: "without the operator's metric lines",
    options: { ...bundleOptions, plugins: [withoutMetrics, ...bundleOptions.plugins!] },
  },
} satisfies Record<string, { label: string; options: BuildOptions }>;

export type Undone = keyof typeof UNDONE;
export const undoneLabel = (name: Undone): string => UNDONE[name].label;

/** A variant's folder as Lambda would get it: its index.js, and the locales and chunks the real bundle has beside it. */
function besideTheBundle(target: string): void {
  for (const { name } of dataFiles()) {
    mkdirSync(dirname(join(target, name)), { recursive: true });
    cpSync(join(dirname(BUNDLE), name), join(target, name));
  }
  cpSync(ZOD_CHUNK, join(target, 'zod-schemas.js'));
  cpSync(SDK_MODEL_CHUNK, join(target, 'ask-sdk-model.js'));
}

/** Builds each variant (after `npm run build`); returns the path of each one's index.js. */
export async function buildLevers(): Promise<Record<Undone, string>> {
  rmSync(dir, { recursive: true, force: true });
  const out = {} as Record<Undone, string>;
  for (const [name, { options }] of Object.entries(UNDONE) as Array<[Undone, { options: BuildOptions }]>) {
    const outfile = join(dir, name, 'index.js');
    await build({ ...options, outfile });
    besideTheBundle(dirname(outfile));
    out[name] = outfile;
  }
  return out;
}

/**
 * Our bundle behind a loader that turns on Node's compile cache (module.enableCompileCache, Node 22.1 and later)
 * in a folder shipped beside it, filled by running it once with the very Node binary that is then measured: the
 * best a shipped cache could do. Node keys the cache by its exact version, architecture and V8 flags (and, before
 * Node 24's portable mode, by the file's absolute path), so on Lambda, whose patch version and flags are not ours,
 * a cache made at build time would be ignored. Returns the loader's path.
 */
export function compileCacheVariant(node: string, launchScript: (bundle: string) => string): string {
  const target = join(dir, `compile-cache-${spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).stdout.trim()}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(BUNDLE, join(target, 'app.js'));
  besideTheBundle(target);
  writeFileSync(
    join(target, 'index.js'),
    [
      "const m = require('node:module');",
      "const directory = require('node:path').join(__dirname, '.cache');",
      '// Node 24 takes options (portable: keyed by the path relative to the cache); Node 22 only a folder.',
      'if (m.enableCompileCache) {',
      '  try { m.enableCompileCache({ directory, portable: true }); } catch { m.enableCompileCache(directory); }',
      '}',
      "module.exports = require('./app.js');",
    ].join('\n'),
  );
  const loader = join(target, 'index.js');
  const fill = spawnSync(node, ['-e', launchScript(loader)], { encoding: 'utf8' });
  if (fill.status !== 0) throw new Error(`filling the compile cache failed: ${fill.stderr}`);
  return loader;
}
