import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { bundle, BUNDLE, dataFiles, SDK_MODEL_CHUNK, ZOD_CHUNK } from './bundle';

// Outside lambda/dist, which `ask deploy` zips whole.
export const PACKAGE = join(__dirname, '..', 'dist', 'leg-pain-guide.zip');

/** One fixed local time and no extended UTC timestamp: the same bundle gives the same zip, in any time zone. */
const MTIME = new Date(1980, 0, 1);

/**
 * Builds the bundle, then writes the zip a Lambda function can be given by hand: `index.js` at its root, and beside
 * it `ask-sdk-model.js`, which only the reminder path loads, `zod-schemas.js`, loaded when a request first parses
 * state, and the data files it reads when first needed (`speech/`, the slot values, the APL document).
 * Returns its path and size in bytes.
 */
export async function packageLambda(): Promise<{ path: string; bytes: number }> {
  await bundle();
  const zip = new ZipFile();
  const add = (path: string, name: string) => zip.addBuffer(readFileSync(path), name, { mtime: MTIME, forceDosTimestamp: true, mode: 0o100644 });
  add(BUNDLE, 'index.js');
  add(SDK_MODEL_CHUNK, 'ask-sdk-model.js');
  add(ZOD_CHUNK, 'zod-schemas.js');
  for (const { name } of dataFiles()) add(join(dirname(BUNDLE), name), name);
  zip.end();
  mkdirSync(dirname(PACKAGE), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(PACKAGE));
  return { path: PACKAGE, bytes: statSync(PACKAGE).size };
}

if (require.main === module) {
  packageLambda().then(
    ({ path, bytes }) => console.log(`${relative(process.cwd(), path) || path}: ${(bytes / 1024).toFixed(1)} KB`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
