import { build } from 'esbuild';
import { join } from 'node:path';
import { bundleOptions } from '../../scripts/bundle';

export const HELLO_WORLD = join(__dirname, '..', '.build', 'hello-world.js');

/** Bundles the hello world with our bundle's options (minified, the SDK model stubbed), so only the skill differs. */
export async function buildHelloWorld(): Promise<string> {
  await build({ ...bundleOptions, entryPoints: [join(__dirname, 'skill.ts')], outfile: HELLO_WORLD });
  return HELLO_WORLD;
}
