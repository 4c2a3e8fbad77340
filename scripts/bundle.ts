import { build, type BuildOptions, type Plugin } from 'esbuild';
import { mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
  legalComments: 'none',
  logLevel: 'warning',
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

export const bundleOptions: BuildOptions = {
  ...common,
  entryPoints: [join(root, 'lambda', 'index.ts')],
  outfile: BUNDLE,
  plugins: [askSdkModelStub, lazySdkModel],
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
 * Writes the file Lambda runs (with the SDK model it loads only to create a reminder beside it) and the self-hosted
 * server; returns the Lambda entry file's size in bytes.
 */
export async function bundle(): Promise<number> {
  await Promise.all([write(bundleOptions), write(sdkModelOptions), write(serverBundleOptions)]);
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
