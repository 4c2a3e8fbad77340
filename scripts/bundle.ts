import { build, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LANGUAGES, SUPPORTED_LOCALES } from '../src/i18n/locales';
import { COMPOSED_DIR } from '../src/i18n/composed';
import { speechResources } from '../src/i18n/speech-resources';
import { rulesData } from '../src/rules/data';
import { fingerprint } from '../src/rules/fingerprint';
import { validateRulesFully } from '../src/rules/schema';

const root = join(__dirname, '..');
export const BUNDLE = join(root, 'lambda', 'dist', 'index.js');
/** The self-hosted HTTPS endpoint (behind your own TLS terminator): `node dist/server.js`. */
export const SERVER_BUNDLE = join(root, 'dist', 'server.js');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  // Every language's text as it is (Devanagari, kana, Arabic), not six-byte escapes.
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
  // A map beside each file, read only when an error is logged (src/skill/error-report.ts): `file:line` in src/.
  sourcemap: 'linked',
  sourcesContent: false,
};

/** ask-sdk-core's one run-time use of ask-sdk-model, without the rest of it: see scripts/stubs/ask-sdk-model.ts. */
const askSdkModelStub: Plugin = {
  name: 'ask-sdk-model-stub',
  setup(build) {
    build.onResolve({ filter: /^ask-sdk-model$/ }, () => ({ path: join(__dirname, 'stubs', 'ask-sdk-model.ts') }));
  },
};

/** ask-sdk-model whole, beside the bundle: required only when a reminder is created (src/reminders/create.ts). */
export const SDK_MODEL_CHUNK = join(root, 'lambda', 'dist', 'ask-sdk-model.js');

/** The reminder path's `require('ask-sdk-model/index.js')` stays a run-time require of the file beside the bundle. */
const lazySdkModel: Plugin = {
  name: 'lazy-ask-sdk-model',
  setup(build) {
    build.onResolve({ filter: /^ask-sdk-model\/index\.js$/ }, () => ({ path: './ask-sdk-model.js', external: true }));
  },
};

/**
 * zod/mini's functions for the request-time schemas, beside the bundle: required when a request first parses
 * something (src/zod.ts), so a cold LaunchRequest neither loads nor even scans them.
 */
export const ZOD_CHUNK = join(root, 'lambda', 'dist', 'zod-schemas.js');

const lazyZod: Plugin = {
  name: 'lazy-zod',
  setup(build) {
    build.onResolve({ filter: /^\.\/zod-schemas$/ }, () => ({ path: './zod-schemas.js', external: true }));
  },
};

const zodOptions: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'src', 'zod-schemas.ts')],
  outfile: ZOD_CHUNK,
};

const RULES_DIR = join(root, 'src', 'rules');

/**
 * The bundle's rules module: the rules data validated and cross-checked now, at build time (a build with bad data
 * fails here, as loading it would), carried as the JSON validation produced with its fingerprint, which is checked
 * when the bundle loads. A cold start then only indexes the rules.
 */
export function validatedRulesModule(data: unknown = rulesData): string {
  const json = JSON.stringify(validateRulesFully(data));
  return [
    `const { loadValidated } = require(${JSON.stringify(join(RULES_DIR, 'fingerprint.ts'))});`,
    `exports.validated = loadValidated(${JSON.stringify(json)}, ${JSON.stringify(fingerprint(json))});`,
  ].join('\n');
}

const rulesValidatedAtBuild: Plugin = {
  name: 'rules-validated-at-build',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]rules[\\/]validated\.ts$/ }, () => ({
      contents: validatedRulesModule(),
      loader: 'js',
      resolveDir: RULES_DIR,
    }));
  },
};

const SPEECH_RESOURCES = join(root, 'src', 'i18n', 'speech-resources.ts');

/**
 * The bundle reads each locale's resources as composed at build time (dataFiles below), instead of composing its
 * language and overlay on each cold start.
 */
const speechComposedAtBuild: Plugin = {
  name: 'speech-composed-at-build',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]i18n[\\/]speech-resources\.ts$/ }, () => ({
      contents: `export { readComposed as speechResources } from './composed';`,
      loader: 'ts',
      resolveDir: dirname(SPEECH_RESOURCES),
    }));
  },
};

export const bundleOptions: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'lambda', 'index.ts')],
  outfile: BUNDLE,
  plugins: [askSdkModelStub, lazySdkModel, lazyZod, rulesValidatedAtBuild, speechComposedAtBuild],
};

const sdkModelOptions: BuildOptions = {
  ...common,
  entryPoints: [require.resolve('ask-sdk-model')],
  outfile: SDK_MODEL_CHUNK,
};

export const serverBundleOptions: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'src', 'server', 'main.ts')],
  outfile: SERVER_BUNDLE,
  plugins: [rulesValidatedAtBuild, speechComposedAtBuild],
};

/**
 * Builds in memory, then replaces each output file in one rename: a test or a server starting while another
 * build runs reads the old file or the new one, never half of one.
 */
async function write(options: BuildOptions): Promise<void> {
  const { outputFiles } = await build({ ...options, write: false });
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}

/**
 * The JSON a bundle reads at run time from beside it (src/read-json.ts), each by its path relative to the bundle,
 * and how it is made: each locale's and language's resources, composed (src/i18n/compose.ts) and read when a
 * request first needs them, so the bundle does not carry ten languages' text (some three bytes a character) that a
 * cold start would scan and not use; the slot values only a can-fulfill request needs and the APL document only a
 * screen needs.
 */
export function dataFiles(): Array<{ name: string; content: () => unknown }> {
  const readSource = (path: string) => () => JSON.parse(readFileSync(path, 'utf8')) as unknown;
  return [
    ...[...SUPPORTED_LOCALES, ...LANGUAGES]
      .sort()
      .map((name) => ({ name: `${COMPOSED_DIR}/${name}.json`, content: () => speechResources(name) })),
    { name: 'slot-values.json', content: readSource(join(root, 'src', 'skill', 'slot-values.json')) },
    { name: 'document.json', content: readSource(join(root, 'src', 'screen', 'document.json')) },
  ];
}

/** Each data file, without indentation, beside a bundle. */
function writeData(bundleFile: string): void {
  for (const { name, content } of dataFiles()) {
    const target = join(dirname(bundleFile), name);
    mkdirSync(dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(content()));
    renameSync(partial, target);
  }
}

/**
 * Writes the file Lambda runs, with what it loads later beside it (the SDK model, to create a reminder; the zod
 * schemas, to read state; the data files), and the self-hosted server; returns the Lambda entry file's size in bytes.
 */
export async function bundle(): Promise<number> {
  await Promise.all([write(bundleOptions), write(sdkModelOptions), write(zodOptions), write(serverBundleOptions)]);
  writeData(BUNDLE);
  writeData(SERVER_BUNDLE);
  return statSync(BUNDLE).size;
}

if (require.main === module) {
  bundle().then(
    (bytes) => {
      console.log(`lambda/dist/index.js: ${(bytes / 1024).toFixed(1)} KB`);
      console.log(`dist/server.js: ${(statSync(SERVER_BUNDLE).size / 1024).toFixed(1)} KB`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
