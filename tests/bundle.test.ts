import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundle, BUNDLE, dataFiles, SDK_MODEL_CHUNK, validatedRulesModule, ZOD_CHUNK } from '../scripts/bundle';
import { rulesData } from '../src/rules/data';
import { LANGUAGES, SUPPORTED_LOCALES } from '../src/i18n/locales';
import { speechResources } from '../src/i18n/speech-resources';
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
      ['ask-sdk-model.js', readFileSync(SDK_MODEL_CHUNK)],
      ['zod-schemas.js', readFileSync(ZOD_CHUNK)],
      ...dataFiles().map(({ name }): [string, Buffer] => [name, readFileSync(join(dirname(BUNDLE), name))]),
    ]);
  }, 60_000);

  it.each(SUPPORTED_LOCALES)(
    'writes a handler that, alone in a fresh Node process, answers in %s, reading its own resources only',
    (locale) => {
      // A copy far from node_modules: the bundle and the files beside it must carry everything they need. A cold
      // launch reads its locale's composed resources, and neither the SDK model nor zod.
      const { response, loaded } = launchAlone(files, locale);
      expect(response.response.outputSpeech).toEqual(expect.objectContaining({ ssml: expect.stringContaining(NUMBERS[locale].emergency) }));
      expect(loaded).toEqual(['index.js', `speech/${locale}.json`]);
    },
  );

  it.each([
    ['de-AT', 'de'],
    ['xx-YY', 'en'],
  ])('answers %s, a locale it has no overlay for, with its language alone', (locale, language) => {
    const { response, loaded } = launchAlone(files, locale);
    expect(response.response.outputSpeech).toBeDefined();
    expect(loaded).toEqual(['index.js', `speech/${language}.json`]);
  });

  it('logs an error in production with its message and the source line it was thrown from, read from the map beside the bundle', () => {
    // A deployment whose English resources were cut short: the listener hears the last-resort apology.
    const broken = new Map([
      ...files,
      ['index.js.map', readFileSync(`${BUNDLE}.map`)],
      ['speech/en-US.json', Buffer.from('{"welcome": "Welc')],
    ]);
    const { response, log } = launchAlone(broken, 'en-US');
    expect(response.response.outputSpeech).toEqual(expect.objectContaining({ ssml: expect.stringContaining('Sorry') }));
    const errors = log.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        requestType: 'LaunchRequest',
        error: 'SyntaxError',
        errorMessage: expect.stringMatching(/JSON/),
        errorAt: expect.stringMatching(/^src\/read-json\.ts:\d+$/),
      }),
    ]);
    // Without the map, the bundle's own line and column: still a place.
    const unmapped = launchAlone(new Map([...broken].filter(([name]) => name !== 'index.js.map')), 'en-US');
    expect(unmapped.log.join('\n')).toMatch(/"errorAt":"[^"]*index\.js:1:\d+"/);
  });

  it("ships each locale's resources composed as they are from source: the same text, every static nesting resolved", () => {
    for (const name of [...SUPPORTED_LOCALES, ...LANGUAGES]) {
      const shipped = JSON.parse(files.get(`speech/${name}.json`)!.toString('utf8')) as unknown;
      expect(shipped).toEqual(speechResources(name));
      expect(JSON.stringify(shipped)).not.toMatch(/\$t\([^{]*\)/);
    }
  });

  it('validates the rules when it builds, and fails on bad data as loading it would', () => {
    const data = rulesData;
    const { causes, questions } = data;
    expect(validatedRulesModule(data)).toContain('loadValidated(');
    const unsourced = { ...data, causes: [{ ...causes[0]!, source: 'x' }, ...causes.slice(1)] };
    expect(() => validatedRulesModule(unsourced)).toThrow(/every rule names its source/);
    const unknownCause = { ...data, questions: [{ ...questions[0]!, causes: ['gout'] }, ...questions.slice(1)] };
    expect(() => validatedRulesModule(unknownCause)).toThrow(/unknown cause "gout"/);
  });

  it('carries the rules validated, not the code that validates them, and will not load them changed', () => {
    const code = files.get('index.js')!.toString('utf8');
    expect(code.includes('Invalid triage rules')).toBe(false);
    // One emergency sign made self-care, after the build: the bundle refuses to start rather than run on it.
    const tampered = code.replace('"level":"emergency"', '"level":"selfcare"');
    expect(tampered === code).toBe(false);
    expect(() => launchAlone(new Map([...files, ['index.js', Buffer.from(tampered)]]), 'en-US')).toThrow(
      /not the rules validated at build/,
    );
  });

  it(`keeps the file Lambda loads within ${MAX_BUNDLE_BYTES / 1024} KB, every locale included`, () => {
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });
});
