import { build } from 'esbuild';
import { join } from 'node:path';

export const BASELINE = join(__dirname, '..', '.build', 'baseline.js');

/** Compiles the baseline skill; ask-sdk-core, i18next and zod stay in node_modules, required at load. */
export async function buildBaseline(): Promise<string> {
  await build({
    entryPoints: [join(__dirname, 'skill.ts')],
    outfile: BASELINE,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return BASELINE;
}
