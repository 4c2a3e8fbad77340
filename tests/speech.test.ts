import { check } from 'ssml-check-core';
import en from '../src/i18n/locales/en.json';
import { speechLanguage, SUPPORTED_LOCALES, translatorFor, type TranslateOptions } from '../src/i18n';
import { speechResources } from '../src/i18n/speech-resources';
import type { ResourceTree } from '../src/i18n/compose';
import { engine, rules, type Level, type Outcome } from '../src/rules';
import { outcomeMenu, type MenuItem } from '../src/dialog/menu';
import { respondTo, type Act, type DialogEvent, type Turn } from '../src/dialog/conversation';
import { CONVERSATION_LOCALES } from './helpers/conversation-locales';
import { plain, render, say } from '../src/speech/render';
import { Intent } from '../src/skill/intents';
import type { Reply } from '../src/console/conversation';
import { firstSentence, wordsIn } from '../scripts/sim';
import { lazy } from './helpers/lazy';
import { interview, talk } from './helpers/skill';
import { NUMBERS } from './helpers/numbers';
import { isSupportedLocale as isListed } from '../src/i18n/locales';

type Tree = { [key: string]: string | Tree };
const keysOf = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)));

describe('locale resources', () => {
  it('has words for every question asked, cause, piece of advice and safety net in the rules, and none left over', () => {
    const base = new Set(keysOf(en));
    const askable = rules.questions.filter((q) => q.askable);
    for (const q of askable) for (const part of ['ask', 'reprompt', 'help']) expect(base).toContain(`question.${q.id}.${part}`);
    expect(Object.keys(en.question).sort()).toEqual(askable.map((q) => q.id).sort());
    for (const c of rules.causes) for (const part of ['name', 'short', 'summary', 'more']) expect(base).toContain(`cause.${c.id}.${part}`);
    expect(Object.keys(en.cause).sort()).toEqual(rules.causes.map((c) => c.id).sort());
    expect(Object.keys(en.advice).sort()).toEqual(rules.advice.map((a) => a.id).sort());
    expect(Object.keys(en.safetyNet).sort()).toEqual([...rules.safetyNets].sort());
  });

  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    const { t } = translatorFor(locale);

    it.each(rules.questions.filter((q) => q.askable).map((q) => q.id))('asks %s as one yes-or-no question in one breath', (id) => {
      const ask = t(`question.${id}.ask`);
      const reprompt = t(`question.${id}.reprompt`);
      expect(ask.trim()).toMatch(/[?？؟]$/u);
      expect(wordsIn(ask, locale)).toBeLessThanOrEqual(35);
      expect(wordsIn(reprompt, locale)).toBeLessThanOrEqual(35);
      expect(reprompt).not.toContain(ask);
      expect(reprompt.toLowerCase()).toContain(t('screen.yes').toLowerCase());
    });
  });
});

/** The first gate of each question, back to one everyone is asked. */
const gatesOf = (id: string): string[] => {
  const gate = rules.questionById.get(id)!.askWhen[0];
  return gate === undefined ? [] : [...gatesOf(gate), gate];
};

/** Every warning sign answered yes (with its gates), and every description with everything else no. */
const answerSets: Array<[Record<string, 'yes'>, string | undefined]> = [
  [{}, undefined],
  ...rules.questions.map((q): [Record<string, 'yes'>, string | undefined] => [
    Object.fromEntries([...gatesOf(q.id), q.id].map((id) => [id, 'yes' as const])),
    // A description that opens the question where one is needed: weakness after a nerve pain, rest pain after walking.
    ({ legWeakness: 'tingling', easesHangingDown: 'afterWalking' } as Record<string, string>)[q.id] ?? 'ache',
  ]),
  ...rules.descriptionIds.map((feel): [Record<string, 'yes'>, string] => [{}, feel]),
];

/** One turn as the listener hears it: the speech and reprompt, as SSML, and the card's text. */
interface Heard {
  speech: string;
  reprompt: string | undefined;
  card: string | undefined;
  level: Level | undefined;
}

interface Interview {
  answers: Record<string, 'yes'>;
  feel: string | undefined;
  turns: Heard[];
}

/** The event the listener gives to what a turn asks: the answer, the description, or nothing once it has ended. */
function replyTo(turn: Turn, answers: Record<string, 'yes'>, feel: string | undefined): DialogEvent | undefined {
  const last = turn.acts.at(-1);
  if (turn.end || !last) return undefined;
  if (last.type === 'ask') return { type: 'answer', answer: answers[last.question] ?? 'no' };
  if (last.type === 'describe') return feel ? { type: 'describePain', feel } : { type: 'answer', answer: 'unsure' };
  return undefined;
}

/** How long an interview can be before a test takes it as going round in circles. */
const MAX_TURNS = rules.questions.length + 10;

/**
 * Every interview of answerSets, then "help" and "yes" after its outcome, and every intent at the launch, said
 * through the dialog and rendered in a locale: what each locale's speech, reprompts and cards are checked on.
 */
function collectTurns(locale: string): { turns: Heard[]; interviews: Interview[] } {
  const translator = translatorFor(locale);
  const heard = (turn: Turn): Heard => {
    const { speech, reprompt, card } = render(turn, translator);
    const shown = turn.acts.find((a) => a.type === 'outcome' || (a.type === 'emergency' && a.outcome));
    const level = shown?.type === 'outcome' ? shown.outcome.level : shown?.type === 'emergency' ? 'emergency' : undefined;
    return { speech, reprompt, card: card ? `${card.title}\n${card.content}` : undefined, level };
  };
  const turns: Heard[] = [];
  const interviews: Interview[] = [];
  for (const [answers, feel] of answerSets) {
    const said: Heard[] = [];
    let turn = respondTo(undefined, { type: 'launch' });
    said.push(heard(turn));
    for (let event = replyTo(turn, answers, feel), n = 0; event && n < MAX_TURNS; event = replyTo(turn, answers, feel), n++) {
      turn = respondTo(turn.state ?? {}, event);
      said.push(heard(turn));
    }
    interviews.push({ answers, feel, turns: said });
    turns.push(...said);
    if (!turn.end)
      for (const event of [{ type: 'help' }, { type: 'answer', answer: 'yes' }] as const)
        turns.push(heard(respondTo(turn.state ?? {}, event)));
  }
  const events: DialogEvent[] = [
    { type: 'repeat' },
    { type: 'back' },
    { type: 'startOver' },
    { type: 'help' },
    { type: 'fallback' },
    { type: 'tonight' },
    { type: 'otherCauses' },
    { type: 'remind' },
    { type: 'done' },
    { type: 'thanks' },
    { type: 'emergencyHelp' },
    { type: 'stop' },
    { type: 'moreAbout', cause: 'sciatica' },
    { type: 'moreAbout', cause: 'unknown' },
    { type: 'describePain', feel: 'cramp', side: 'left' },
  ];
  const launched = respondTo(undefined, { type: 'launch' }).state ?? {};
  for (const event of events) turns.push(heard(respondTo(launched, event)));
  return { turns, interviews };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every string of a resource tree. */
const stringsOf = (tree: ResourceTree): string[] => Object.values(tree).flatMap((v) => (typeof v === 'string' ? [v] : stringsOf(v)));

/**
 * The SSML elements a locale's resources wrap words in, as written: a number said digit by digit (`say-as`), an alias
 * (`sub`), an abbreviation spelled out, a word in another language (`lang`). `fixed`: those with no placeholder, which
 * must reach the listener exactly so; `filled`: those with one (`<sub alias="يومين">{{count}}</sub>`), as patterns.
 */
function markupOf(locale: string): { fixed: string[]; filled: RegExp[] } {
  const elements = new Set(
    stringsOf(speechResources(speechLanguage(locale))).flatMap((text) => text.match(/<([a-z][\w:-]*)\b[^>]*>[^<]*<\/\1>/g) ?? []),
  );
  const hasPlaceholder = (element: string) => /\{\{|\$t\(/.test(element);
  return {
    fixed: [...elements].filter((element) => !hasPlaceholder(element)),
    filled: [...elements]
      .filter(hasPlaceholder)
      .map((element) => new RegExp(escapeRegExp(element).replace(/\\\{\\\{\w+\\\}\\\}|\\\$t\\\([^)]*\\\)/g, '[^<]*'), 'g')),
  };
}

/** What a text says outside the given elements: where a number or abbreviation would be said bare. */
function outsideMarkup(ssml: string, { fixed, filled }: ReturnType<typeof markupOf>): string {
  const withoutFixed = fixed.reduce((text, element) => text.split(element).join(' '), ssml);
  return filled.reduce((text, pattern) => text.replace(pattern, ' '), withoutFixed);
}

/**
 * `words` said on their own somewhere in `text`: a number not inside a longer number, a word not inside a longer word.
 * Only digits bound a number, so that it is found between the letters of a language written without spaces (119番).
 */
function saidBare(text: string, words: string): boolean {
  const bound = (char: string) => (/\p{N}/u.test(char) ? '\\p{N}' : /\p{L}/u.test(char) ? '\\p{L}\\p{N}' : '');
  const [first = '', last = ''] = [words.at(0), words.at(-1)];
  const before = bound(first) ? `(?<![${bound(first)}])` : '';
  const after = bound(last) ? `(?![${bound(last)}])` : '';
  return new RegExp(`${before}${escapeRegExp(words)}${after}`, 'u').test(text);
}

describe.each([...SUPPORTED_LOCALES, 'en-NZ', 'de-AT'])('what the skill says in %s', (locale) => {
  const collected = lazy(() => collectTurns(locale));

  it('is valid SSML for Alexa, every speech and reprompt, each under 8,000 characters', async () => {
    const { turns } = collected();
    const ssml = new Set(
      turns
        .flatMap((r) => [r.speech, r.reprompt ?? ''])
        .filter(Boolean)
        .map((text) => `<speak>${text}</speak>`),
    );
    expect(ssml.size).toBeGreaterThan(30);
    for (const one of ssml) {
      expect(one.length).toBeLessThan(8000);
      expect({ ssml: one, errors: await check(one, { platform: 'amazon', locale }) }).toEqual({ ssml: one, errors: undefined });
    }
  });

  it('says every number and abbreviation with the markup its resources give it, never bare: checked as SSML, in speech and reprompt', () => {
    const markup = markupOf(locale);
    const said = [...new Set(collected().turns.flatMap((r) => [r.speech, r.reprompt ?? '']))];
    // Each element's words, and the phone numbers the skill gives (tests/helpers/numbers.ts, from CLINICAL.md).
    const { emergency, advice } = isListed(locale) ? NUMBERS[locale] : { emergency: undefined, advice: undefined };
    const wrapped = [...markup.fixed.map((element) => plain(element).trim()), emergency, advice].filter((w): w is string => !!w);
    const bare = said.flatMap((ssml) => {
      const outside = outsideMarkup(ssml, markup);
      return wrapped.filter((words) => saidBare(outside, words)).map((words) => ({ words, ssml }));
    });
    expect(bare).toEqual([]);
    // What this checks is said: every element of the resources is heard somewhere on these paths.
    expect(markup.fixed.filter((element) => !said.some((ssml) => ssml.includes(element)))).toEqual([]);
  });

  it('says the emergency number as its resources write it, markup and all, in the first sentence of every emergency', () => {
    const { t } = translatorFor(locale);
    const number = t('number.emergency');
    const emergencies = collected().turns.filter((r) => r.level === 'emergency' || r.reprompt === t('emergency.reprompt'));
    expect(emergencies.length).toBeGreaterThan(rules.safetyQuestions.length);
    for (const { speech, reprompt } of emergencies) {
      expect({ speech, first: firstSentence(speech).includes(number) }).toEqual({ speech, first: true });
      expect({ reprompt, first: firstSentence(reprompt ?? '').includes(number) }).toEqual({ reprompt, first: true });
    }
  });

  it('leaves no resource key or placeholder unresolved', () => {
    for (const turn of collected().turns) {
      expect(turn.speech).not.toMatch(/\$t\(|\{\{|\b(question|cause|outcome|advice|launch|firstAid|safetyNet|emergency)\.[a-z]/);
      expect(turn.card ?? '').not.toMatch(/\$t\(|\{\{|<[a-z]/);
    }
  });

  it('keeps every first outcome response within 60 words, and every emergency within 40 with the number once, first', () => {
    const { t } = translatorFor(locale);
    const number = t('number.emergency').replace(/<[^>]+>/g, '');
    for (const { answers, feel, turns } of collected().interviews) {
      const last = turns.at(-1)!;
      const speech = last.speech.replace(/<[^>]+>/g, '');
      const label = { answers, feel, speech };
      if (last.level === 'emergency') {
        expect({
          ...label,
          words: wordsIn(speech, locale) <= 40,
          numberFirst: firstSentence(speech).includes(number),
          once: speech.split(number).length === 2,
        }).toEqual({ ...label, words: true, numberFirst: true, once: true });
      } else {
        expect({ ...label, words: wordsIn(speech, locale) <= 60 }).toEqual({ ...label, words: true });
      }
    }
  });

  it('never opens three turns in a row with the same word', () => {
    for (const { answers, feel, turns } of collected().interviews) {
      const openers = turns.map((r) =>
        r.speech
          .replace(/<[^>]+>/g, '')
          .split(/\s+/)[0]!
          .replace(/[^\p{L}]/gu, '')
          .toLowerCase(),
      );
      for (let i = 2; i < openers.length; i++) {
        const run = openers.slice(i - 2, i + 1);
        expect({ answers, feel, at: i, run, same: run.every((w) => w === run[0]) }).toEqual({ answers, feel, at: i, run, same: false });
      }
    }
  });

  it('never offers to call for the listener', () => {
    for (const turn of collected().turns) {
      expect(turn.speech).not.toMatch(
        /shall I call|should I call|want me to call|I can call|I will call|I'll call|soll ich .*anrufen|ich rufe .*an/i,
      );
    }
  });
});

// Through the real handler, in the locales the whole-conversation suites run in (one per script and word order):
// what the response carries besides its words is the same in every language.
describe.each(CONVERSATION_LOCALES)('the responses in %s', (locale) => {
  const replies = lazy(async () => {
    const all: Reply[] = [];
    for (const [answers, feel] of answerSets) {
      const run = await interview(answers, locale, feel);
      all.push(...run.replies);
      if (!run.last.sessionEnded) all.push(await run.conversation.sendIntent(Intent.help));
    }
    const conversation = talk(locale);
    await conversation.launch();
    for (const intent of Object.values(Intent)) all.push(await conversation.sendIntent(intent));
    return all;
  });

  it('stay under 24 KB, and ask with a reprompt or end the session, every time', async () => {
    for (const reply of await replies()) {
      expect(Buffer.byteLength(JSON.stringify(reply.response))).toBeLessThan(24 * 1024);
      const body = reply.response.response;
      if (body.shouldEndSession === false) {
        expect(body.reprompt?.outputSpeech).toBeDefined();
        expect(body.outputSpeech).toBeDefined();
      } else {
        expect(body.shouldEndSession).toBe(true);
      }
    }
  });

  it('reprompt with one of the reprompts the resources write, never the whole speech again', async () => {
    const { t } = translatorFor(locale);
    const written = new Set(repromptingActs().map(({ reprompt, options }) => `<speak>${t(reprompt, options)}</speak>`));
    const open = (await replies()).filter((reply) => reply.response.response.shouldEndSession === false);
    expect(open.length).toBeGreaterThan(answerSets.length);
    for (const reply of open) {
      const { outputSpeech, reprompt } = reply.response.response;
      const ssml = reprompt?.outputSpeech?.type === 'SSML' ? reprompt.outputSpeech.ssml : undefined;
      const speech = outputSpeech?.type === 'SSML' ? outputSpeech.ssml : undefined;
      expect({ speech, ssml, written: written.has(ssml ?? ''), again: ssml === speech }).toEqual({
        speech,
        ssml,
        written: true,
        again: false,
      });
    }
  });
});

/**
 * Every act a turn can end on that carries a reprompt, with the resource key its reprompt is and, where the act asks
 * something in other words, the key it asks with: every question (as asked, after a cue, and rephrased after a miss),
 * the open question, every offer (more about each cause, each reminder), every emergency message.
 */
function repromptingActs(): Array<{ act: Act; reprompt: string; options?: TranslateOptions; asked?: string }> {
  const offers: MenuItem[] = [
    { kind: 'tonight' },
    { kind: 'others' },
    ...rules.causes.map((c): MenuItem => ({ kind: 'more', cause: c.id })),
    ...[...new Set(Object.values(rules.outcomes).flatMap((o) => (o.reminderDays ? [o.reminderDays] : [])))].map((days): MenuItem => ({
      kind: 'reminder',
      days,
    })),
  ];
  const emergencies = rules.causes
    .filter((c) => c.level === 'emergency')
    .map((c): Outcome => ({ level: 'emergency', causes: [c.id], advice: [], safetyNet: 'emergencySigns' }));
  return [
    ...rules.questions
      .filter((q) => q.askable)
      .flatMap((q) =>
        [{}, { cue: 'last' as const }, { cue: 'lastSafety' as const }, { rephrase: true }].map((how) => ({
          act: { type: 'ask' as const, question: q.id, ...how },
          reprompt: `question.${q.id}.reprompt`,
          ...('rephrase' in how ? {} : { asked: `question.${q.id}.ask` }),
        })),
      ),
    { act: { type: 'describe' }, reprompt: 'describe.reprompt', asked: 'describe.ask' },
    ...offers.map((item) => ({
      act: { type: 'offer' as const, item },
      reprompt: `offer.reprompt_${item.kind}`,
      ...(item.kind === 'more' ? { options: { cause: item.cause } } : item.kind === 'reminder' ? { options: { count: item.days } } : {}),
      asked: `offer.${item.kind}`,
    })),
    ...[undefined, ...emergencies].flatMap((outcome) =>
      [false, true].map((unsure) => ({
        act: { type: 'emergency' as const, unsure, ...(outcome ? { outcome } : {}) },
        reprompt: 'emergency.reprompt',
      })),
    ),
  ];
}

describe.each(SUPPORTED_LOCALES)('every reprompt in %s', (locale) => {
  const translator = translatorFor(locale);
  const { t } = translator;

  it('is the reprompt its resources write for the act the turn ends on: a question rephrased with its answers, never asked again word for word', () => {
    for (const { act, reprompt, options, asked } of repromptingActs()) {
      const rendered = render({ acts: [act], state: null, end: false }, translator);
      const expected = t(reprompt, options);
      const label = JSON.stringify(act);
      expect({ label, reprompt: rendered.reprompt }).toEqual({ label, reprompt: expected });
      // The resources give each question, the open question and each offer a reprompt of its own words.
      if (asked) {
        const question = say(act, translator);
        expect({ label, distinct: expected !== t(asked, options) && rendered.reprompt !== question }).toEqual({ label, distinct: true });
      }
      // The emergency's reprompt is the number again, first, and how to hear the rest: not the whole message again.
      if (act.type === 'emergency') {
        expect({ label, whole: rendered.reprompt === rendered.speech }).toEqual({ label, whole: false });
        expect({ label, first: firstSentence(rendered.reprompt ?? '').includes(t('number.emergency')) }).toEqual({ label, first: true });
      }
    }
  });
});

describe.each(SUPPORTED_LOCALES)('every emergency message in %s', (locale) => {
  const translator = translatorFor(locale);
  const number = translator.t('number.emergency').replace(/<[^>]+>/g, '');
  /** Each emergency cause as the engine gives it, with its first aid: the longest messages the skill can say. */
  const emergencies = rules.causes
    .filter((c) => c.level === 'emergency')
    .map((c): Outcome => ({
      level: 'emergency',
      causes: [c.id],
      advice: [],
      safetyNet: 'emergencySigns',
      ...(c.firstAid ? { firstAid: c.firstAid } : {}),
    }));

  it('stays within 40 words with the number in its first sentence, for every cause, said yes or "not sure", and when help is asked for', () => {
    const turns: Turn[] = [
      ...emergencies.flatMap((outcome) =>
        [false, true].map((unsure): Turn => ({ acts: [{ type: 'emergency', outcome, unsure }], state: null, end: false })),
      ),
      { acts: [{ type: 'emergency', unsure: false }], state: null, end: false },
    ];
    for (const turn of turns) {
      const { speech } = render(turn, translator);
      const label = { turn: JSON.stringify(turn.acts[0]), speech };
      expect({
        ...label,
        within40: wordsIn(speech, locale) <= 40,
        numberFirst: firstSentence(speech.replace(/<[^>]+>/g, '')).includes(number),
      }).toEqual({
        ...label,
        within40: true,
        numberFirst: true,
      });
    }
  });
});

describe('every outcome the rules can reach', () => {
  // Every interview the rules allow (engine.everyInterview): several signs together, not one at a time as the sim.
  const outcomes = lazy(() => engine.reachableOutcomes());

  it.each(SUPPORTED_LOCALES)('is said in %s within 60 words, and an emergency within 40 said yes or "not sure"', (locale) => {
    const translator = translatorFor(locale);
    const over = new Map<string, number>();
    for (const outcome of outcomes()) {
      const turns: Turn[] =
        outcome.level === 'emergency'
          ? [false, true].map((unsure) => ({ acts: [{ type: 'emergency', outcome, unsure }], state: null, end: false }))
          : [
              {
                acts: [
                  { type: 'outcome', outcome },
                  ...outcomeMenu(outcome)
                    .slice(0, 1)
                    .map((item) => ({ type: 'offer', item }) as const),
                ],
                state: null,
                end: false,
              },
            ];
      for (const turn of turns) {
        const { speech } = render(turn, translator);
        const words = wordsIn(speech, locale);
        if (words > (outcome.level === 'emergency' ? 40 : 60)) over.set(speech.replace(/<[^>]+>/g, ''), words);
      }
    }
    expect([...over].map(([speech, words]) => `${words} words: ${speech}`)).toEqual([]);
  });
});
