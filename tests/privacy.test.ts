import type { RequestEnvelope, SessionEndedError } from 'ask-sdk-model';
import { intentRequest, type SlotValues } from '../src/console/envelopes';
import { SUPPORTED_LOCALES, translatorFor } from '../src/i18n';
import { respondTo, type DialogEvent, type Turn } from '../src/dialog/conversation';
import { rules } from '../src/rules';
import * as speech from '../src/speech/render';
import { Intent } from '../src/skill/intents';
import { lazy } from './helpers/lazy';
import { startAlexaApi, type AlexaApiStandIn, type ReminderBehaviour } from '../src/console/alexa-api';
import { createConversation } from '../src/console/conversation';
import { createRecogniser, loadModel } from '../src/console/matcher';
import { answerSteps, DESCRIBE, describing, handler, interview, logLines, metricLines, NO, talk, YES } from './helpers/skill';
import { metricProblems, QUESTION_METRICS } from './helpers/metric-lines';

const LOG_KEYS = [
  'level',
  'requestId',
  'locale',
  'requestType',
  'intent',
  'outcome',
  'latencyMs',
  'endReason',
  'reminder',
  'error',
  'errorMessage',
  'errorAt',
];

/**
 * What a log line must never hold: the answers, the causes, the questions asked, what the listener said. The one
 * place a question id is allowed is a metric line's `question` dimension, on a line that counts a fallback or a
 * drop-off and nothing else (QUESTION_METRICS, checked by tests/helpers/metric-lines.ts); never the request log.
 */
const SECRETS = [
  ...rules.questions.map((q) => q.id),
  ...rules.causes.map((c) => c.id),
  ...rules.descriptionIds.map((d) => `"${d}"`),
  'cramp',
  'shooting',
  'restless',
  'tingling',
  'pins and needles',
  'calf',
  Intent.yes,
  Intent.no,
  Intent.unsure,
  Intent.partly,
  '"yes"',
  '"no"',
  '"unsure"',
  'sciatica',
  'linkes',
  'left',
];

function expectNoSecrets(lines: readonly string[]): void {
  const text = lines.join('\n');
  for (const secret of SECRETS) expect({ secret, logged: text.includes(secret) }).toEqual({ secret, logged: false });
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect({ line, keys: Object.keys(entry).every((k) => LOG_KEYS.includes(k)) }).toEqual({ line, keys: true });
  }
}

/** The log lines one piece of work writes. */
async function logged(work: () => Promise<unknown>): Promise<string[]> {
  const from = logLines.length;
  await work();
  return logLines.slice(from);
}

describe('logs', () => {
  // Collected in the first test that needs them (see helpers/lazy.ts): every warning sign, every description.
  const lines = lazy(() =>
    logged(async () => {
      const runs: Array<[Record<string, 'yes'>, string | undefined]> = [
        [{}, undefined],
        ...rules.questions.map((q): [Record<string, 'yes'>, string | undefined] => [
          { [q.id]: 'yes', ...Object.fromEntries(q.askWhen.slice(0, 1).map((g) => [g, 'yes' as const])) },
          undefined,
        ]),
        ...rules.descriptionIds.map((feel): [Record<string, 'yes'>, string] => [{}, feel]),
      ];
      for (const [answers, feel] of runs) {
        const { conversation, last } = await interview(answers, 'en-GB', feel);
        if (!last.sessionEnded) {
          await conversation.say('tell me more about sciatica');
          await conversation.sendIntent('UnsureIntent');
        }
      }
      const oneShot = talk('de-DE');
      await oneShot.say('frag beinschmerz ratgeber warum mein linkes bein nachts weh tut');
    }),
  );

  it('write one JSON line per request with its id, locale, intent and latency', async () => {
    const all = await lines();
    expect(all.length).toBeGreaterThan(100);
    for (const line of all) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry).every((k) => LOG_KEYS.includes(k))).toBe(true);
      // `level` is the log severity that Lambda's JSON log format and CloudWatch read, never the triage outcome.
      expect(['info', 'error']).toContain(entry.level);
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry.locale).toEqual(expect.any(String));
      // Every answered request says how long it took, in milliseconds.
      expect(entry.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('carry outcome levels, never what the person answered, the causes, or what they said', async () => {
    const text = (await lines()).join('\n');
    expect(text).toMatch(/"outcome":"emergency"/);
    expect(text).toMatch(/"outcome":"selfcare"/);
    expectNoSecrets(await lines());
  });

  it('come with metric lines that name a question only where it is allowed, and hold nothing else of the above', async () => {
    await lines();
    expect(QUESTION_METRICS).toEqual(['Fallbacks', 'DropOffs']);
    expect(metricLines.length).toBeGreaterThan(100);
    expect(metricProblems(metricLines)).toEqual([]);
  });
});

/** The answer intents: a health answer each, logged only as "Answer". */
const ANSWERS: readonly string[] = [Intent.yes, Intent.no, Intent.unsure, Intent.partly];

/** The dialog state at three points of a conversation: just opened, at the open question, after an outcome. */
function pointsOfConversation(): Array<[string, Record<string, unknown>]> {
  const next = (turn: Turn, event: DialogEvent) => respondTo(turn.state ?? {}, event);
  const opened = respondTo(undefined, { type: 'launch' });
  let open = opened;
  for (let n = 0; open.acts.at(-1)?.type === 'ask' && n < rules.questions.length; n++) open = next(open, { type: 'answer', answer: 'no' });
  let outcome = next(open, { type: 'describePain', feel: 'cramp' });
  for (let n = 0; outcome.acts.at(-1)?.type === 'ask' && n < rules.questions.length; n++)
    outcome = next(outcome, { type: 'answer', answer: 'no' });
  expect([open.acts.at(-1)?.type, outcome.acts.at(-1)?.type]).toEqual(['describe', 'offer']);
  return [
    ['opened', { ...opened.state }],
    ['at the open question', { ...open.state }],
    ['after an outcome', { ...outcome.state }],
  ];
}

describe.each(SUPPORTED_LOCALES)('logs, for every intent and slot value of the %s model', (locale) => {
  const { intents, types = [] } = loadModel(locale).interactionModel.languageModel;
  /** Each intent alone, each of its slots with each value of its type as Alexa resolves it, unresolved, and all at once. */
  const requests = (): Array<[string, SlotValues]> =>
    intents.flatMap(({ name, slots = [] }): Array<[string, SlotValues]> => {
      const valuesOf = (type: string) => types.find((t) => t.name === type)?.values ?? [];
      const each = slots.flatMap(({ name: slot, type }) => [
        ...valuesOf(type).map((v): SlotValues => ({ [slot]: { value: v.name.value, id: v.id! } })),
        { [slot]: { value: valuesOf(type)[0]!.name.value } },
        { [slot]: { value: 'zzyzx unheard' } },
      ]);
      const all = Object.fromEntries(
        slots.map(({ name: slot, type }) => [slot, { value: valuesOf(type)[0]!.name.value, id: valuesOf(type)[0]!.id! }]),
      );
      return [
        [name, {}],
        ...each.map((s): [string, SlotValues] => [name, s]),
        ...(slots.length > 1 ? [[name, all] as [string, SlotValues]] : []),
      ];
    });

  it('name the intent (an answer only as "Answer"), and hold no slot value, answer or cause, at every point of a conversation', async () => {
    const wrong: unknown[] = [];
    for (const [point, attributes] of pointsOfConversation()) {
      for (const [name, slots] of requests()) {
        const lines = await logged(() => handler(intentRequest(locale, { sessionId: 's-every', isNew: false, attributes }, name, slots)));
        const named = lines.map((line) => (JSON.parse(line) as { intent?: unknown }).intent);
        const said = Object.values(slots).flatMap(({ value, id }) => [value, ...(id ? [id] : [])]);
        const leaked = [...said, ...SECRETS].filter((secret) => lines.some((line) => line.includes(secret)));
        const expected = ANSWERS.includes(name) ? 'Answer' : name;
        const unknownKeys = lines.flatMap((line) => Object.keys(JSON.parse(line) as object).filter((k) => !LOG_KEYS.includes(k)));
        if (lines.length === 0 || named.some((i) => i !== expected) || leaked.length > 0 || unknownKeys.length > 0)
          wrong.push({ point, name, slots, lines, leaked, unknownKeys });
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('logs when something goes wrong', () => {
  /** Mid-interview, after a yes to a changed leg: what a device sends back. */
  const midInterview = {
    version: 2,
    stage: 'interview',
    replies: [
      { question: 'breathing', answer: 'no' },
      { question: 'caudaEquina', answer: 'no' },
      { question: 'legChanged', answer: 'yes' },
    ],
    misses: 0,
    side: 'left',
  };
  const session = { sessionId: 's-1', isNew: false, attributes: midInterview };
  /** The listener describes the pain, with every slot filled. */
  const describing = () =>
    intentRequest('en-US', session, Intent.describePain, {
      side: { value: 'left', id: 'left' },
      feel: { value: 'pins and needles', id: 'tingling' },
      part: { value: 'calf' },
    });

  afterEach(() => jest.restoreAllMocks());

  it('a request no handler takes is logged as an error, without its slots or the answers so far', async () => {
    const envelope = describing();
    (envelope.request as { type: string }).type = 'GameEngine.InputHandlerEvent';
    let response: Awaited<ReturnType<typeof handler>> | undefined;
    const lines = await logged(async () => {
      response = await handler(envelope);
    });
    expect(response!.response.outputSpeech).toEqual(
      expect.objectContaining({ ssml: expect.stringContaining('Sorry, something went wrong on my side.') }),
    );
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ level: 'error', requestType: 'GameEngine.InputHandlerEvent', error: expect.any(String) }),
    );
    expectNoSecrets(lines);
  });

  it('a failure while answering is logged as an error, without the slot values or the answers; the question is asked again', async () => {
    jest.spyOn(speech, 'render').mockImplementationOnce(() => {
      throw new Error('rendering failed');
    });
    let response: Awaited<ReturnType<typeof handler>> | undefined;
    const lines = await logged(async () => {
      response = await handler(describing());
    });
    const ssml = response!.response.outputSpeech?.type === 'SSML' ? response!.response.outputSpeech.ssml : '';
    // The apology, then the pending question again (a cold or pale leg), the answers kept.
    expect(ssml).toMatch(/^<speak>Sorry, something went wrong on my side\. .*cold.*\?<\/speak>$/);
    expect(response!.sessionAttributes).toEqual(midInterview);
    // What went wrong and where: the message, and the line of the skill's own code that met it.
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        level: 'error',
        requestType: 'IntentRequest',
        intent: Intent.describePain,
        error: 'Error',
        errorMessage: 'rendering failed',
        errorAt: expect.stringMatching(/^src\/skill\/respond\.ts:\d+/),
      }),
    );
    expectNoSecrets(lines);
  });

  it('an error whose message repeats what the listener said or answered is logged with those words hidden', async () => {
    const leaks = [
      'cannot say pins and needles in the left calf',
      'no reply for legChanged after yes; likeliest sciatica',
      `Unexpected token 'x', "{"feel":"tingling"}" is not valid JSON`,
      'unknown side left',
    ];
    for (const leak of leaks) {
      jest.spyOn(speech, 'render').mockImplementationOnce(() => {
        throw new TypeError(leak);
      });
      const lines = await logged(() => handler(describing()));
      const entry = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.level === 'error');
      expect(entry).toEqual(expect.objectContaining({ error: 'TypeError', errorMessage: expect.stringContaining('…') }));
      expectNoSecrets(lines);
    }
  });

  /** A session Alexa ended with this error, mid-interview. */
  function endedOnError(error: SessionEndedError): RequestEnvelope {
    const envelope = describing();
    envelope.request = {
      type: 'SessionEndedRequest',
      requestId: 'r-ended',
      timestamp: new Date().toISOString(),
      locale: 'en-US',
      reason: 'ERROR',
      error,
    };
    return envelope;
  }

  it('a session Alexa ended on an error is logged with its reason, type and message, nothing said in it', async () => {
    const envelope = endedOnError({
      type: 'INVALID_RESPONSE',
      message: 'SSML "<speak>Your answers point to sciatica</speak>" is invalid; sciatica: <speak>cramp',
    });
    const lines = await logged(() => handler(envelope));
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        requestType: 'SessionEndedRequest',
        endReason: 'ERROR',
        error: 'INVALID_RESPONSE',
        errorMessage: 'SSML "…" is invalid; …: …',
      }),
    ]);
    expectNoSecrets(lines);
  });

  it('a session Alexa ended on an error with no message of its own is logged without one', async () => {
    const envelope = endedOnError({ type: 'INTERNAL_SERVICE_ERROR' } as SessionEndedError);
    const [line, ...more] = (await logged(() => handler(envelope))).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(more).toEqual([]);
    expect(line).toEqual(expect.objectContaining({ endReason: 'ERROR', error: 'INTERNAL_SERVICE_ERROR' }));
    expect(line).not.toHaveProperty('errorMessage');
  });

  it('logs only what it knows: an intent it does not have as Other, a forged locale and request id cut short', async () => {
    const envelope = intentRequest('en-US', session, 'CANARY7731Intent');
    (envelope.request as { locale: string }).locale = `en-US${'CANARYQ'.repeat(20_000)}`;
    (envelope.request as { requestId: string }).requestId = `amzn1.${'CANARYQ'.repeat(20_000)}`;
    const lines = await logged(() => handler(envelope));
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e.intent)).toEqual(['Other']);
    for (const line of lines) expect(line.length).toBeLessThan(500);
    expect(lines.join('\n')).not.toContain('CANARY7731');
  });

  it('logs a request id or locale that is not a string as "unknown"', async () => {
    const envelope = intentRequest('en-US', session, Intent.help);
    (envelope.request as { locale: unknown }).locale = 42;
    (envelope.request as { requestId: unknown }).requestId = { forged: 'CANARY7731' };
    const lines = await logged(() => handler(envelope));
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ requestId: 'unknown', locale: 'unknown', requestType: 'IntentRequest' }),
    ]);
  });

  it('when even the apology cannot be rendered, the last-resort apology ends the session, and the log still holds no slot value', async () => {
    jest.spyOn(speech, 'render').mockImplementation(() => {
      throw new Error('rendering failed');
    });
    let response: Awaited<ReturnType<typeof handler>> | undefined;
    const lines = await logged(async () => {
      response = await handler(describing());
    });
    expect(response!.response.outputSpeech).toEqual(
      expect.objectContaining({ ssml: '<speak>Sorry, something went wrong on my side.</speak>' }),
    );
    expect(response!.response.shouldEndSession).toBe(true);
    expect(lines.some((l) => (JSON.parse(l) as { level?: string }).level === 'error')).toBe(true);
    expectNoSecrets(lines);
  });
});

describe('what stays with Amazon after the session', () => {
  const { t } = translatorFor('en-US');
  // Each cause's name and its short and long explanations, as the card would carry them.
  const causeWords = rules.causes.flatMap((c) => [t(`cause.${c.id}.name`), t(`cause.${c.id}.short`), t(`cause.${c.id}.summary`)]);

  it('the card in the Alexa app names no cause, and the session attributes carry no outcome, after every kind of outcome', async () => {
    const runs: Array<[Record<string, 'yes'>, string | undefined]> = [
      ...rules.descriptionIds.map((feel): [Record<string, 'yes'>, string] => [{}, feel]),
      ...rules.questions
        .filter((q) => q.kind !== 'pattern')
        .map((q): [Record<string, 'yes'>, undefined] => [
          { [q.id]: 'yes', ...Object.fromEntries(q.askWhen.slice(0, 1).map((g) => [g, 'yes' as const])) },
          undefined,
        ]),
    ];
    let cards = 0;
    for (const [answers, feel] of runs) {
      const { replies } = await interview(answers, 'en-US', feel);
      for (const reply of replies) {
        expect(Object.keys(reply.response.sessionAttributes ?? {})).not.toContain('outcome');
        const card = reply.card?.content ?? '';
        if (!card) continue;
        cards += 1;
        expect({ card, causes: causeWords.filter((words) => card.includes(words)) }).toEqual({ card, causes: [] });
      }
    }
    expect(cards).toBeGreaterThan(runs.length / 2);
  });
});

describe('the follow-up reminder in the logs', () => {
  let api: AlexaApiStandIn;
  beforeAll(async () => {
    api = await startAlexaApi({ timeZone: 'Europe/Berlin' });
  });
  afterAll(() => api.close());

  async function acceptReminder(behaviour: ReminderBehaviour) {
    api.set({ reminders: behaviour });
    logLines.length = 0;
    const conversation = createConversation('en-US', (event) => handler(event), createRecogniser('en-US'), {
      apiEndpoint: api.endpoint,
      remindersGranted: true,
    });
    let { last: reply } = await answerSteps(await conversation.launch(), (step) =>
      step === DESCRIBE ? conversation.sendIntent(...describing('cramp')) : conversation.sendIntent(NO),
    );
    // The offers come one by one, the reminder last: declining the others reaches it.
    for (let declined = 0; !/reminder/.test(reply.speech); declined += 1) {
      if (declined === 4) throw new Error(`No reminder offered: "${reply.speech}"`);
      reply = await conversation.sendIntent(NO);
    }
    await conversation.sendIntent(YES);
    return logLines.map((line) => JSON.parse(line) as { reminder?: string; outcome?: string });
  }

  it('records only that a reminder was offered and what became of it, never its text, date or place', async () => {
    const entries = await acceptReminder('created');
    expect(entries.map((e) => e.reminder).filter(Boolean)).toEqual(['offered', 'set']);
    expect(logLines.join('\n')).not.toMatch(/check on your leg|T18:00|Europe\/Berlin|local-api-access-token/);
  });

  it('records a failed reminder as such, and the outcome still stands', async () => {
    const entries = await acceptReminder(500);
    expect(entries.at(-1)?.reminder).toBe('failed');
    expect(entries.some((e) => e.outcome === 'selfcare')).toBe(true);
  });
});
