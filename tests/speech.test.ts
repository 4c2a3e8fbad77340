import { check } from 'ssml-check-core';
import en from '../src/i18n/locales/en.json';
import { SUPPORTED_LOCALES, translatorFor } from '../src/i18n';
import { engine, rules, type Outcome } from '../src/rules';
import { outcomeMenu } from '../src/dialog/menu';
import type { Turn } from '../src/dialog/conversation';
import { render } from '../src/speech/render';
import { Intent } from '../src/skill/intents';
import type { Reply } from '../src/console/conversation';
import { firstSentence, wordsIn } from '../scripts/sim';
import { lazy } from './helpers/lazy';
import { interview, talk } from './helpers/skill';

type Tree = { [key: string]: string | Tree };
const keysOf = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );

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

interface Interview {
  answers: Record<string, 'yes'>;
  feel: string | undefined;
  replies: Reply[];
  last: Reply;
}

/** Speech and reprompts from many whole conversations (each interview, then help and yes after it), in a locale. */
async function collectReplies(locale: string): Promise<{ replies: Reply[]; interviews: Interview[] }> {
  const replies: Reply[] = [];
  const interviews: Interview[] = [];
  for (const [answers, feel] of answerSets) {
    const run = await interview(answers, locale, feel);
    interviews.push({ answers, feel, replies: [...run.replies], last: run.last });
    replies.push(...run.replies);
    if (!run.last.sessionEnded) {
      replies.push(await run.conversation.sendIntent(Intent.help), await run.conversation.sendIntent('AMAZON.YesIntent'));
    }
  }
  const conversation = talk(locale);
  await conversation.launch();
  for (const intent of Object.values(Intent)) replies.push(await conversation.sendIntent(intent));
  return { replies, interviews };
}

describe.each([...SUPPORTED_LOCALES, 'en-NZ', 'de-AT'])('what the skill says in %s', (locale) => {
  const collected = lazy(() => collectReplies(locale));

  it('is valid SSML for Alexa', async () => {
    const { replies } = await collected();
    const ssml = new Set(
      replies.flatMap((r) => [r.response.response.outputSpeech, r.response.response.reprompt?.outputSpeech])
        .flatMap((s) => (s?.type === 'SSML' ? [s.ssml] : [])),
    );
    expect(ssml.size).toBeGreaterThan(30);
    for (const one of ssml) {
      expect({ ssml: one, errors: await check(one, { platform: 'amazon', locale }) }).toEqual({ ssml: one, errors: undefined });
    }
  });

  it('stays under Alexa\'s limits: speech under 8,000 characters, a response under 24 KB', async () => {
    const { replies } = await collected();
    for (const reply of replies) {
      const speech = reply.response.response.outputSpeech;
      if (speech?.type === 'SSML') expect(speech.ssml.length).toBeLessThan(8000);
      expect(Buffer.byteLength(JSON.stringify(reply.response))).toBeLessThan(24 * 1024);
    }
  });

  it('leaves no resource key or placeholder unresolved', async () => {
    const { replies } = await collected();
    for (const reply of replies) {
      expect(reply.speech).not.toMatch(/\$t\(|\{\{|\b(question|cause|outcome|advice|launch)\.[a-z]/);
      expect(reply.card?.content ?? '').not.toMatch(/\$t\(|\{\{|<[a-z]/);
    }
  });

  it('asks with a reprompt or ends the session, every time', async () => {
    const { replies } = await collected();
    for (const reply of replies) {
      const body = reply.response.response;
      if (body.shouldEndSession === false) {
        expect(body.reprompt?.outputSpeech).toBeDefined();
        expect(body.outputSpeech).toBeDefined();
      } else {
        expect(body.shouldEndSession).toBe(true);
      }
    }
  });

  it('keeps every first outcome response within 60 words, and every emergency within 40 with the number first', async () => {
    const { t } = translatorFor(locale);
    const number = t('number.emergency').replace(/<[^>]+>/g, '');
    for (const { answers, feel, last } of (await collected()).interviews) {
      const level = (last.response.sessionAttributes as { outcome?: { level: string } }).outcome?.level;
      const label = { answers, feel, speech: last.speech };
      if (level === 'emergency') {
        expect({ ...label, words: wordsIn(last.speech, locale) <= 40, numberFirst: firstSentence(last.speech).includes(number), once: last.speech.split(number).length === 2 })
          .toEqual({ ...label, words: true, numberFirst: true, once: true });
      } else {
        expect({ ...label, words: wordsIn(last.speech, locale) <= 60 }).toEqual({ ...label, words: true });
      }
    }
  });

  it('never opens three turns in a row with the same word', async () => {
    for (const { answers, feel, replies } of (await collected()).interviews) {
      const openers = replies.map((r) => r.speech.split(/\s+/)[0]!.replace(/[^\p{L}]/gu, '').toLowerCase());
      for (let i = 2; i < openers.length; i++) {
        const run = openers.slice(i - 2, i + 1);
        expect({ answers, feel, at: i, run, same: run.every((w) => w === run[0]) }).toEqual({ answers, feel, at: i, run, same: false });
      }
    }
  });

  it('never offers to call for the listener', async () => {
    const { replies } = await collected();
    for (const reply of replies) {
      expect(reply.speech).not.toMatch(/shall I call|should I call|want me to call|I can call|I will call|I'll call|soll ich .*anrufen|ich rufe .*an/i);
    }
  });
});

describe.each(SUPPORTED_LOCALES)('every emergency message in %s', (locale) => {
  const translator = translatorFor(locale);
  const number = translator.t('number.emergency').replace(/<[^>]+>/g, '');
  /** Each emergency cause as the engine gives it, with its first aid: the longest messages the skill can say. */
  const emergencies = rules.causes
    .filter((c) => c.level === 'emergency')
    .map((c): Outcome => ({ level: 'emergency', causes: [c.id], advice: [], safetyNet: 'emergencySigns', ...(c.firstAid ? { firstAid: c.firstAid } : {}) }));

  it('stays within 40 words with the number in its first sentence, for every cause, said yes or "not sure", and when help is asked for', () => {
    const turns: Turn[] = [
      ...emergencies.flatMap((outcome) => [false, true].map((unsure): Turn => ({ acts: [{ type: 'emergency', outcome, unsure }], state: null, end: false }))),
      { acts: [{ type: 'emergency', unsure: false }], state: null, end: false },
    ];
    for (const turn of turns) {
      const { speech } = render(turn, translator);
      const label = { turn: JSON.stringify(turn.acts[0]), speech };
      expect({ ...label, within40: wordsIn(speech, locale) <= 40, numberFirst: firstSentence(speech.replace(/<[^>]+>/g, '')).includes(number) }).toEqual({
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
          : [{ acts: [{ type: 'outcome', outcome }, ...outcomeMenu(outcome).slice(0, 1).map((item) => ({ type: 'offer', item }) as const)], state: null, end: false }];
      for (const turn of turns) {
        const { speech } = render(turn, translator);
        const words = wordsIn(speech, locale);
        if (words > (outcome.level === 'emergency' ? 40 : 60)) over.set(speech.replace(/<[^>]+>/g, ''), words);
      }
    }
    expect([...over].map(([speech, words]) => `${words} words: ${speech}`)).toEqual([]);
  });
});
