// Bundles the Lambda entry and everything it imports into one file, lambda/dist/index.js.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

const outfile = 'lambda/dist/index.js';
await build({
  entryPoints: ['lambda/index.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`${outfile}: ${(statSync(outfile).size / 1024).toFixed(1)} KB`);
