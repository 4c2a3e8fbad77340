// What people actually say, in every locale, reaches the intent it must: a call for help is the emergency intent, a
// statement of a sign ("I can't move my toes") is never a no, "no... I don't know" is unsure, "I didn't hear you" is
// never an answer, a closer is a goodbye. Each reply goes through the console's recogniser: a sample said whole, or
// else a statistical classifier trained on that locale's own model, so the table tests how the model generalises,
// not only its samples. And every warning-sign question is asked so that yes means the sign is there.
import { translatorFor } from '../src/i18n';
import { LANGUAGES, languageOf, SUPPORTED_LOCALES } from '../src/i18n/locales';
import { createRecogniser } from '../src/console/matcher';
import { rules } from '../src/rules';
import { plain } from '../src/speech/render';
import { hasReplies, negationsIn, repliesFor, repliesOf } from './helpers/replies';

const files = Object.fromEntries(LANGUAGES.filter(hasReplies).map((language) => [language, repliesOf(language)]));

it.each(LANGUAGES)('has a table of everyday replies in %s', (language) => {
  expect(files[language]).toBeDefined();
});

/** At least this many replies of each meaning that safety rests on, in every locale. */
const AT_LEAST = { help: 6, sign: 3, unsure: 4, notHeard: 3, closer: 3 } as const;

describe.each(SUPPORTED_LOCALES.filter((locale) => files[languageOf(locale)]))('everyday replies in %s', (locale) => {
  const file = files[languageOf(locale)]!;
  const table = repliesFor(file, locale);
  const recogniser = createRecogniser(locale);

  it('are at least forty, with calls for help, statements of signs, "don\'t know", "didn\'t hear" and closers among them', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
    for (const [meaning, least] of Object.entries(AT_LEAST)) {
      expect({ meaning, enough: table.filter((r) => r.meaning === meaning).length >= least }).toEqual({ meaning, enough: true });
    }
  });

  it('are a third or more not samples of the model: the table tests how the model generalises', () => {
    const unseen = table.filter(({ said }) => recogniser.exactly(said) === undefined);
    expect(unseen.length).toBeGreaterThanOrEqual(table.length / 3);
  });

  it.each(table.map(({ said, meaning, intents }) => [said, meaning, intents.join(' or ')] as const))(
    '"%s" (%s) reaches %s',
    async (said, _meaning, expected) => {
      const { intent } = await recogniser.match(said);
      expect({ said, intent: expected.split(' or ').includes(intent) ? expected : intent }).toEqual({ said, intent: expected });
    },
  );
});

describe.each(SUPPORTED_LOCALES.filter((locale) => files[languageOf(locale)]))('the warning-sign questions in %s', (locale) => {
  const { negation } = files[languageOf(locale)]!;
  const { t } = translatorFor(locale);

  it('are asked so that yes means the sign is there: no question or reprompt in the negative', () => {
    const negative = rules.questions
      .filter((q) => q.kind !== 'pattern')
      .flatMap((q) =>
        (['ask', 'reprompt'] as const).map((form) => ({ key: `question.${q.id}.${form}`, text: plain(t(`question.${q.id}.${form}`)) })),
      )
      .map(({ key, text }) => ({ key, text, negations: negationsIn(text, negation) }))
      .filter(({ negations }) => negations.length > 0);
    expect(negative).toEqual([]);
  });
});
