import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { readCommandLine } from '../src/command-line';
import { bundle, BUNDLE, dataFiles, SDK_MODEL_CHUNK, ZOD_CHUNK } from './bundle';

// Outside lambda/dist, which `ask deploy` zips whole.
export const PACKAGE = join(__dirname, '..', 'dist', 'leg-pain-guide.zip');

/** One fixed local time and no extended UTC timestamp: the same bundle gives the same zip, in any time zone. */
const MTIME = new Date(1980, 0, 1);

/**
 * Builds the bundle, then writes the zip Lambda runs (`ask deploy` through hooks/build.sh, or by hand): `index.js` at
 * its root, and beside it `ask-sdk-model.js`, which only the reminder path loads, `zod-schemas.js`, loaded when a
 * request first parses state, their source maps, and the data files it reads when first needed (`speech/`, the slot
 * values, the APL document). Returns its path and size in bytes.
 */
export async function packageLambda(out: string = PACKAGE): Promise<{ path: string; bytes: number }> {
  await bundle();
  const zip = new ZipFile();
  const add = (path: string, name: string) =>
    zip.addBuffer(readFileSync(path), name, { mtime: MTIME, forceDosTimestamp: true, mode: 0o100644 });
  for (const [path, name] of CODE_FILES) add(path, name);
  for (const { name } of dataFiles()) add(join(dirname(BUNDLE), name), name);
  zip.end();
  mkdirSync(dirname(out), { recursive: true });
  await pipeline(zip.outputStream, createWriteStream(out));
  return { path: out, bytes: statSync(out).size };
}

/** The code files in the zip, each with its source map (read only when an error is logged: src/skill/error-report.ts). */
export const CODE_FILES: ReadonlyArray<readonly [path: string, name: string]> = [
  [BUNDLE, 'index.js'],
  [`${BUNDLE}.map`, 'index.js.map'],
  [SDK_MODEL_CHUNK, 'ask-sdk-model.js'],
  [`${SDK_MODEL_CHUNK}.map`, 'ask-sdk-model.js.map'],
  [ZOD_CHUNK, 'zod-schemas.js'],
  [`${ZOD_CHUNK}.map`, 'zod-schemas.js.map'],
];

const USAGE = `Usage: npm run package [-- --out <file.zip>]

Builds the bundle and zips what Lambda runs (default ${relative(process.cwd(), PACKAGE)}); hooks/build.sh calls it for ask deploy.
`;

if (require.main === module) {
  const { values } = readCommandLine(USAGE, { out: { type: 'string', default: PACKAGE } });
  packageLambda(resolve(values.out)).then(
    ({ path, bytes }) => console.log(`${relative(process.cwd(), path) || path}: ${(bytes / 1024).toFixed(1)} KB`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
