// What every language and locale must hold, beyond the keys: its plural forms, the placeholders intact, no English
// left behind, its own emergency number and advice service (tests/helpers/numbers.ts, from CLINICAL.md), and a
// request loading only its own language.
import i18next from 'i18next';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES, LOCALE_LANGUAGES, languageOf, speechLanguage, SUPPORTED_LOCALES, type Language } from '../src/i18n/locales';
import { loadLanguage, loadLocale } from '../src/i18n/resources';
import { translatorFor, type TranslateOptions } from '../src/i18n';
import { speechResources } from '../src/i18n/speech-resources';
import { plain } from '../src/speech/render';
import { lazy } from './helpers/lazy';
import { NUMBERS } from './helpers/numbers';

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : flatten(value, `${prefix}${key}.`),
  );

const english = new Map(flatten(loadLanguage('en') as Tree));
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The keys a language must have: English's, with each plural in that language's own categories (and _zero kept). */
function expectedKeys(language: Language): string[] {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of english.keys()) {
    const plural = PLURAL.exec(key);
    if (!plural) keys.add(key);
    else if (plural[1] === 'zero') keys.add(key);
    else for (const category of categories) keys.add(key.replace(PLURAL, `_${category}`));
  }
  return [...keys].sort();
}

/** `{{count}}`, `$t(number.emergency)`, `$t(cause.{{cause}}.name)`: what a string fills in, in order of first use. */
const placeholders = (text: string): string[] => [...new Set(text.match(/\{\{\w+\}\}|\$t\([^)]*\)/g) ?? [])].sort();

/** The English a string of English was written with: none of it may be left in another language's text. */
const ENGLISH_WORDS = /\b(the|and|your|you|with|when|what|doctor|leg|legs|please|call|now|today|tonight|pain)\b/i;
/** English names other languages use for a condition, as their health services do ("Restless-Legs-Syndrom"). */
const LOANWORDS = /restless[- ]legs/gi;

const englishOf = (key: string): string => english.get(key) ?? english.get(key.replace(PLURAL, '_other')) ?? '';

describe.each(LANGUAGES)('the %s resources', (language) => {
  const strings = lazy(() => flatten(loadLanguage(language) as Tree));

  it("hold every key English has, plurals in the language's own forms, and nothing else", () => {
    expect(
      strings()
        .map(([key]) => key)
        .sort(),
    ).toEqual(expectedKeys(language));
  });

  it('keep every placeholder and nesting of the English string', () => {
    for (const [key, text] of strings()) {
      expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(englishOf(key)) });
    }
  });

  it('speak of "your local emergency number", not one country\'s number', () => {
    expect(plain(translatorFor(language).t('number.emergency'))).not.toMatch(/\d/);
    expect(plain(translatorFor(language).t('card.numbers'))).not.toMatch(/\d/);
  });

  if (language !== 'en') {
    it('leave no English behind', () => {
      for (const [key, text] of strings()) {
        const said = plain(text.replace(/\$t\([^)]*\)|\{\{\w+\}\}/g, '')).replace(LOANWORDS, '');
        expect({ key, said, english: ENGLISH_WORDS.test(said) }).toEqual({ key, said, english: false });
        if (/\p{L}{4}/u.test(said)) expect({ key, sameAsEnglish: said === plain(englishOf(key)) }).toEqual({ key, sameAsEnglish: false });
      }
    });
  }
});

describe.each(SUPPORTED_LOCALES)('the %s overlay', (locale) => {
  const overlay = lazy(() => flatten(loadLocale(locale) as Tree));
  const t = (key: string) => translatorFor(locale).t(key);
  const { emergency, advice } = NUMBERS[locale];

  it('overrides only keys its language has, and names its numbers and services', () => {
    const keys = new Set(expectedKeys(LOCALE_LANGUAGES[locale]));
    for (const [key] of overlay()) expect({ key, known: keys.has(key) }).toEqual({ key, known: true });
    expect(overlay().map(([key]) => key)).toEqual(
      expect.arrayContaining(['number.emergency', 'where.urgent', 'where.soon', 'card.numbers']),
    );
  });

  it(`says the emergency number, ${emergency}, and dials it digit by digit`, () => {
    expect(plain(t('number.emergency'))).toContain(emergency);
    expect(t('number.emergency')).toMatch(
      new RegExp(`<say-as interpret-as="digits">${emergency}</say-as>|<sub alias="[^"]+">${emergency}</sub>`),
    );
    expect(t('card.numbers')).toContain(emergency);
    expect(plain(t('emergency.call'))).toContain(emergency);
  });

  it(
    advice ? `names the advice line, ${advice}, on the card and where to go for urgent care` : 'says where to go for urgent and soon care',
    () => {
      if (advice) {
        expect(t('card.numbers')).toContain(advice);
        expect(plain(`${t('where.urgent')} ${t('where.soon')}`).replace(/\s/g, '')).toContain(advice.replace(/\s/g, ''));
      }
      expect(plain(t('where.urgent')).length).toBeGreaterThan(10);
      expect(plain(t('where.soon')).length).toBeGreaterThan(10);
    },
  );

  it('says every number in speech digit by digit, as people dial it', () => {
    for (const key of ['number.emergency', 'where.urgent', 'where.soon']) {
      const outsideTags = t(key).replace(/<say-as interpret-as="digits">\d+<\/say-as>|<sub alias="[^"]*">[^<]*<\/sub>/g, '');
      expect({ key, bareDigits: /\d/.test(outsideTags) }).toEqual({ key, bareDigits: false });
    }
  });
});

describe('a request from a locale we have no overlay for', () => {
  it.each([
    ['de-AT', 'de'],
    ['es-AR', 'es'],
    ['fr-BE', 'fr'],
    ['en-NZ', 'en'],
    ['pt-PT', 'pt'],
    ['zh-CN', 'en'],
    ['xx', 'en'],
    [undefined, 'en'],
  ])("%s speaks %s, with no country's number", (locale, language) => {
    expect(languageOf(locale)).toBe(language);
    expect(speechLanguage(locale)).toBe(language);
    expect(plain(translatorFor(locale).t('emergency.call'))).not.toMatch(/\d/);
  });
});

describe('the resource files', () => {
  it('are one per language and one per locale, as the table of locales says', () => {
    const dir = join(__dirname, '..', 'src', 'i18n', 'locales');
    for (const name of [...LANGUAGES, ...SUPPORTED_LOCALES]) {
      expect(() => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as unknown).not.toThrow();
    }
  });
});

/**
 * Every option a resource string is filled in with, and values of it that change the text: the translator keeps
 * what it has said (src/i18n/index.ts), and a text remembered without one of these would be said again for the other
 * value ("left leg" to a request about the right leg).
 */
const VARYING: ReadonlyArray<[key: string, option: keyof TranslateOptions, values: readonly TranslateOptions[]]> = [
  ['launch.oneShot', 'context', [{ context: 'left' }, { context: 'right' }, {}]],
  ['clarify.partly', 'context', [{ context: 'breathing' }, { context: 'legChanged' }]],
  ['reminder.text', 'context', [{ context: 'selfcare' }, { context: 'soon' }]],
  ['outcome.likely', 'cause', [{ cause: 'sciatica' }, { cause: 'nightCramps' }]],
  ['emergency.why', 'cause', [{ cause: 'deepVeinThrombosis' }, { cause: 'pulmonaryEmbolism' }]],
  ['offer.more', 'cause', [{ cause: 'arthritis' }, { cause: 'restlessLegs' }]],
  ['launch.intro', 'count', [{ count: 5 }, { count: 4 }, { count: 1 }, { count: 0 }]],
  ['reminder.set', 'count', [{ count: 3 }, { count: 2 }, { count: 1 }]],
  [
    'screen.progress',
    'count',
    [
      { count: 2, total: 10 },
      { count: 3, total: 10 },
    ],
  ],
  [
    'screen.progress',
    'total',
    [
      { count: 2, total: 10 },
      { count: 2, total: 12 },
    ],
  ],
  ['outcome.othersLead', 'list', [{ list: 'A, B' }, { list: 'C' }]],
  ['more.unknown', 'list', [{ list: 'A, B' }, { list: 'C' }]],
];

/** Every option TranslateOptions has: one added there fails to type-check here until VARYING covers it. */
const OPTIONS: Record<keyof TranslateOptions, true> = { context: true, cause: true, count: true, total: true, list: true };

it('varies every option a translation takes', () => {
  expect([...new Set(VARYING.map(([, option]) => option))].sort()).toEqual(Object.keys(OPTIONS).sort());
});

describe.each([...SUPPORTED_LOCALES, 'de-AT'])('the translations a request in %s is given', (locale) => {
  /** i18next itself, over the same resources, remembering nothing: what each text must be. */
  const reference = lazy(() => {
    const name = speechLanguage(locale);
    const instance = i18next.createInstance();
    void instance.init({
      resources: { [name]: { translation: speechResources(name) } },
      lng: name,
      fallbackLng: false,
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    return instance.getFixedT(name);
  });

  it.each(VARYING.map(([key, option, values]) => [key, option, values] as const))(
    '%s: a different %s gives its own text, asked in any order',
    (key, option, values) => {
      const { t } = translatorFor(locale);
      const expected = values.map((options) => reference()(key, options));
      // Each value of the option says something else, or this test would prove nothing.
      expect(new Set(expected).size).toBe(values.length);
      for (const order of [values, [...values].reverse(), values]) {
        for (const options of order) {
          expect({ key, option, options, text: t(key, options) }).toEqual({ key, option, options, text: reference()(key, options) });
        }
      }
    },
  );
});
