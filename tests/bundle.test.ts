import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundle, BUNDLE, localeFiles } from '../scripts/bundle';
import { LOCALE_LANGUAGES, SUPPORTED_LOCALES } from '../src/i18n/locales';
import { launchAlone, type PackageFiles } from './helpers/fresh-node';
import { NUMBERS } from './helpers/numbers';

/** The ceiling for the file Lambda loads, every locale included. */
const MAX_BUNDLE_BYTES = 400 * 1024;

describe('npm run build', () => {
  let bytes = 0;
  let files: PackageFiles = new Map();
  beforeAll(async () => {
    bytes = await bundle();
    files = new Map([
      ['index.js', readFileSync(BUNDLE)],
      ...localeFiles().map((name): [string, Buffer] => [`locales/${name}`, readFileSync(join(dirname(BUNDLE), 'locales', name))]),
    ]);
  }, 60_000);

  it.each(SUPPORTED_LOCALES)('writes a handler that, alone in a fresh Node process, answers in %s, reading its own language only', (locale) => {
    // A copy far from node_modules: the bundle and its locales must carry everything they need.
    const { response, loaded } = launchAlone(files, locale);
    expect(response.response.outputSpeech).toEqual(expect.objectContaining({ ssml: expect.stringContaining(NUMBERS[locale].emergency) }));
    expect(loaded).toEqual(['index.js', `locales/${LOCALE_LANGUAGES[locale]}.json`, ...SUPPORTED_LOCALES.filter((l) => LOCALE_LANGUAGES[l] === LOCALE_LANGUAGES[locale]).map((l) => `locales/${l}.json`)].sort());
  });

  it(`keeps the file Lambda loads within ${MAX_BUNDLE_BYTES / 1024} KB, every locale included`, () => {
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });
});
