import { build, type BuildOptions } from 'esbuild';
import { statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
export const BUNDLE = join(root, 'lambda', 'dist', 'index.js');

export const bundleOptions: BuildOptions = {
  entryPoints: [join(root, 'lambda', 'index.ts')],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** Writes the one self-contained file Lambda runs, and returns its size in bytes. */
export async function bundle(): Promise<number> {
  await build(bundleOptions);
  return statSync(BUNDLE).size;
}

if (require.main === module) {
  bundle().then(
    (bytes) => console.log(`lambda/dist/index.js: ${(bytes / 1024).toFixed(1)} KB`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
