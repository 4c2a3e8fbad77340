import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A JSON file read when first needed from beside the module asking (`dir` is its __dirname): the source folder
 * when run from source, lambda/dist when bundled (scripts/bundle.ts copies each such file there, at the same
 * relative path). Data a cold start may not need stays out of the bundle it has to compile.
 */
export const readJsonBeside = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
