import fc from 'fast-check';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import model from '../skill-package/interactionModels/custom/en-US.json';
import type { DialogState } from '../src/dialog/state';
import { screenToken, TOUCH_ACTIONS } from '../src/screen/touch';
import { LANGUAGES, SUPPORTED_LOCALES } from '../src/i18n/locales';
import { loadLanguage } from '../src/i18n/resources';
import { Intent } from '../src/skill/intents';
import { engine, rules } from '../src/rules';
import { handler, logLines } from './helpers/skill';

const huge = fc.string({ minLength: 5_000, maxLength: 20_000 });
const text = fc.oneof(fc.string(), huge, fc.constantFrom('', ' ', 'left', 'sciatica', '__proto__', '<speak>', '&'));

const answer = fc.record({
  question: fc.oneof(fc.constantFrom(...rules.questions.map((q) => q.id)), text),
  answer: fc.oneof(fc.constantFrom('yes', 'no', 'unsure', 'partly'), text),
});
const answers = fc.array(answer, { maxLength: 25 });
/** The current state's replies: answers and descriptions, plausible or not. */
const replies = fc.array(fc.oneof(answer, fc.record({ described: fc.oneof(fc.constantFrom(...rules.descriptionIds), text) })), {
  maxLength: 25,
});

/** Real interviews cut at any point: the states a device actually sends back, mid-interview and after the outcome. */
const realState = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...rules.questions.map((q) => q.id)), fc.constantFrom('yes', 'no', 'unsure' as const)),
    fc.constantFrom(...rules.descriptionIds),
    fc.nat(20),
    fc.boolean(),
  )
  .map(([given, described, cut, clarifying]) => {
    const { replies: all } = engine.walk(
      (q) => given[q.id] ?? 'no',
      () => described,
    );
    const replies = all.slice(0, cut);
    const step = engine.next(replies);
    return step.kind === 'outcome'
      ? { version: 2, stage: 'outcome', replies, misses: 0, outcome: { level: step.outcome.level, causes: step.outcome.causes }, offer: 0 }
      : { version: 2, stage: 'interview', replies, misses: 0, ...(clarifying && step.kind === 'question' ? { clarifying: true } : {}) };
  });

/** Session attributes: real states, plausible states, states from older versions, garbage and crafted objects. */
const attributes = fc.oneof(
  fc.constant({}),
  realState,
  fc.record(
    {
      version: fc.constantFrom(2, 1, 0, 3, '2'),
      stage: fc.constantFrom('interview', 'outcome', 'done', ''),
      replies,
      answers,
      clarifying: fc.constantFrom(true, false, 'yes'),
      misses: fc.oneof(fc.nat(5), fc.integer(), fc.double()),
      side: fc.constantFrom('left', 'right', 'both', 'middle'),
      outcome: fc.record({
        level: fc.constantFrom('selfcare', 'soon', 'urgent', 'emergency', 'fine'),
        causes: fc.array(text, { maxLength: 4 }),
      }),
      offer: fc.oneof(fc.nat(4), fc.integer()),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
);

const slot = fc.record({
  name: text,
  value: fc.option(text, { nil: undefined }),
  resolutions: fc.option(
    fc.record({
      resolutionsPerAuthority: fc.array(
        fc.record({
          authority: text,
          status: fc.record({ code: fc.constantFrom('ER_SUCCESS_MATCH', 'ER_SUCCESS_NO_MATCH', 'ER_ERROR_TIMEOUT') }),
          values: fc.array(
            fc.record({
              value: fc.record({
                name: text,
                id: fc.oneof(text, fc.constantFrom('left', 'sciatica', 'both', ...rules.descriptionIds, 'knee', 'feet')),
              }),
            }),
            { maxLength: 2 },
          ),
        }),
        { maxLength: 2 },
      ),
    }),
    { nil: undefined },
  ),
});

const locale = fc.oneof(fc.constantFrom(...SUPPORTED_LOCALES, 'de-AT', 'es-AR', 'fr-BE', 'zh-CN', 'en', 'xx', ''), text);

/** An intent as a request may carry it: ours or any name, with any slots, or none at all. */
const anyIntent = fc.option(
  fc.record(
    {
      name: fc.oneof(fc.constantFrom(...Object.values(Intent)), text),
      slots: fc.option(fc.dictionary(fc.constantFrom('side', 'feel', 'part', 'cause', 'other'), slot), { nil: undefined }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const request = fc.oneof(
  fc.record({ type: fc.constant('LaunchRequest'), locale }, { requiredKeys: ['type'] }),
  fc.record(
    {
      type: fc.constant('IntentRequest'),
      locale,
      intent: anyIntent,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constant('SessionEndedRequest'), locale, reason: fc.constantFrom('USER_INITIATED', 'ERROR') }),
  // Touches on the screen: real and stale tokens, known and crafted arguments, anything at all.
  fc.record(
    {
      type: fc.constant('Alexa.Presentation.APL.UserEvent'),
      locale,
      token: fc.oneof(fc.constantFrom('leg-pain-guide', 'leg-pain-guide:interview:0:0:0', 'leg-pain-guide:outcome:7:0:0'), text),
      arguments: fc.oneof(
        fc.constantFrom(['answer', 'yes'], ['answer', 'no'], ['describe', 'cramp'], ['more', 'sciatica'], ['done', ''], ['tonight', '']),
        fc.array(fc.oneof(text, fc.integer(), fc.constant(null), fc.object()), { maxLength: 4 }),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: ['type'] },
  ),
  // Alexa's answer to the reminders consent question: real and forged tokens, any status and payload.
  fc.record(
    {
      type: fc.constant('Connections.Response'),
      locale,
      name: fc.oneof(fc.constant('AskFor'), text),
      token: fc.oneof(fc.constantFrom('reminder|3|selfcare', 'reminder|2|soon', 'reminder|3|emergency', 'reminder|99|selfcare'), text),
      status: fc.oneof(fc.record({ code: fc.constantFrom('200', '400', '500'), message: text }), fc.jsonValue()),
      payload: fc.oneof(fc.record({ status: fc.constantFrom('ACCEPTED', 'DENIED', 'NOT_ANSWERED') }), fc.jsonValue()),
    },
    { requiredKeys: ['type'] },
  ),
  // Alexa asking, before a name-free request, whether the skill can take it.
  fc.record(
    {
      type: fc.constant('CanFulfillIntentRequest'),
      locale,
      intent: anyIntent,
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: text, locale }),
);

const envelope = fc
  .record({
    session: fc.option(fc.record({ new: fc.boolean(), attributes: fc.option(attributes, { nil: undefined }) }, { requiredKeys: [] }), {
      nil: undefined,
    }),
    request,
    screen: fc.boolean(),
  })
  .map(({ session, request: req, screen }) => ({
    version: '1.0',
    ...(session ? { session: { sessionId: 's', application: { applicationId: 'a' }, user: { userId: 'u' }, ...session } } : {}),
    context: {
      System: {
        application: { applicationId: 'a' },
        user: { userId: 'u' },
        device: { deviceId: 'd', supportedInterfaces: screen ? { 'Alexa.Presentation.APL': {} } : {} },
      },
    },
    request: { requestId: 'r', timestamp: new Date().toISOString(), ...req },
  }));

function expectValid(response: ResponseEnvelope, sent?: { session?: { attributes?: unknown } }): void {
  expect(response.version).toBe('1.0');
  const body = response.response;
  // A can-fulfill answer is that answer alone: no speech, no session, no end of session to decide.
  if (body.canFulfillIntent) {
    expect([body.outputSpeech, body.reprompt, body.shouldEndSession]).toEqual([undefined, undefined, undefined]);
    // Nothing written: the session's attributes, if any, come back as they were sent.
    // (ask-sdk-core echoes a truthy attributes value as JSON, and gives {} for a falsy one.)
    const given = sent?.session?.attributes;
    expect(JSON.stringify(response.sessionAttributes ?? {})).toBe(JSON.stringify(given || {}));
    expect(['YES', 'NO', 'MAYBE']).toContain(body.canFulfillIntent.canFulfill);
    return;
  }
  if (body.outputSpeech) {
    expect(body.outputSpeech.type).toBe('SSML');
    if (body.outputSpeech.type === 'SSML') {
      expect(body.outputSpeech.ssml).toMatch(/^<speak>[^<>]*(<(say-as|\/say-as|sub|\/sub)[^>]*>[^<>]*)*<\/speak>$/);
      expect(body.outputSpeech.ssml.length).toBeLessThan(8000);
    }
  }
  if (body.shouldEndSession === false) expect(body.reprompt?.outputSpeech).toBeDefined();
  else expect(body.shouldEndSession).toBe(true);
  expect(JSON.stringify(response)).not.toMatch(/at [\w.]+ \(|Error:|TypeError/);
}

describe('whatever a request holds', () => {
  it('gets a valid response: no exception escapes, an open session always has a reprompt', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, async (event) => {
        const response = await handler(event as unknown as RequestEnvelope);
        expectValid(response, event as { session?: { attributes?: unknown } });
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    null,
    undefined,
    42,
    'launch',
    [],
    {},
    { request: null },
    { request: {} },
    { version: '1.0', request: { type: 'LaunchRequest' } },
  ])('answers even %p', async (event) => {
    expectValid(await handler(event as unknown as RequestEnvelope));
  });
});

/** The error handler's apology, in every language: what the listener hears when a handler threw. */
const APOLOGIES = LANGUAGES.map((language) => String(loadLanguage(language).error));

/** The interaction model's intents with their slots, and each slot type's value ids. */
const { intents, types } = model.interactionModel.languageModel as {
  intents: Array<{ name: string; slots?: Array<{ name: string; type: string }> }>;
  types: Array<{ name: string; values: Array<{ id: string }> }>;
};
const slotValues: Record<string, string[]> = Object.fromEntries(
  intents
    .flatMap((intent) => intent.slots ?? [])
    .map((slot) => [slot.name, types.find((t) => t.name === slot.type)!.values.map((v) => v.id)]),
);
/** A slot as Alexa sends it: something said, resolved to one of the model's ids, or to none. */
const spokenSlot = (name: string) =>
  fc
    .record({
      said: fc.string({ minLength: 1, maxLength: 30 }).filter((v) => v.trim() !== ''),
      id: fc.option(fc.constantFrom(...slotValues[name]!), { nil: undefined }),
    })
    .map(({ said, id }) => ({
      name,
      value: said,
      resolutions: {
        resolutionsPerAuthority: [
          id === undefined
            ? { authority: `amzn1.er-authority.echo-sdk.skill.${name}`, status: { code: 'ER_SUCCESS_NO_MATCH' } }
            : {
                authority: `amzn1.er-authority.echo-sdk.skill.${name}`,
                status: { code: 'ER_SUCCESS_MATCH' },
                values: [{ value: { name: said, id } }],
              },
        ],
      },
    }));
/** Any of the slots an intent declares, filled. */
const intentSlots = (name: string) => {
  const names = (intents.find((i) => i.name === name)?.slots ?? []).map((s) => s.name);
  return names.length === 0
    ? fc.constant(undefined)
    : fc
        .subarray(names)
        .chain((filled) => fc.tuple(...filled.map(spokenSlot)))
        .map((slots) => Object.fromEntries(slots.map((s) => [s.name, s])));
};

/** Requests Alexa really sends: known request types, the skill's intents with their slots, touches on real buttons. */
const wellFormed = fc
  .record({
    state: fc.option(realState, { nil: undefined }),
    locale: fc.constantFrom(...SUPPORTED_LOCALES),
    screen: fc.boolean(),
    kind: fc.constantFrom('launch', 'intent', 'intent', 'intent', 'touch', 'ended'),
    intent: fc.constantFrom(...Object.values(Intent)).chain((name) => intentSlots(name).map((slots) => ({ name, slots }))),
    touch: fc.oneof(
      fc.constantFrom('yes', 'no', 'unsure').map((a) => ['answer', a]),
      fc.constantFrom(...rules.descriptionIds).map((d) => ['describe', d]),
      fc.constantFrom(...rules.causes.map((c) => c.id)).map((c) => ['more', c]),
      fc.constantFrom(...TOUCH_ACTIONS.filter((a) => !['answer', 'describe', 'more'].includes(a))).map((a) => [a, '']),
    ),
    staleTouch: fc.boolean(),
  })
  .map(({ state, locale, screen, kind, intent, touch, staleTouch }) => {
    const request =
      kind === 'launch'
        ? { type: 'LaunchRequest' }
        : kind === 'ended'
          ? { type: 'SessionEndedRequest', reason: 'USER_INITIATED' }
          : kind === 'touch'
            ? {
                type: 'Alexa.Presentation.APL.UserEvent',
                token: staleTouch ? 'leg-pain-guide:interview:0:0:0' : screenToken((state ?? null) as DialogState | null),
                arguments: touch,
              }
            : {
                type: 'IntentRequest',
                intent: { name: intent.name, confirmationStatus: 'NONE', ...(intent.slots ? { slots: intent.slots } : {}) },
              };
    return {
      version: '1.0',
      session: {
        new: state === undefined,
        sessionId: 's',
        application: { applicationId: 'a' },
        user: { userId: 'u' },
        attributes: state ?? {},
      },
      context: {
        System: {
          application: { applicationId: 'a' },
          user: { userId: 'u' },
          device: { deviceId: 'd', supportedInterfaces: screen ? { 'Alexa.Presentation.APL': {} } : {} },
        },
      },
      request: { requestId: 'r', timestamp: new Date().toISOString(), locale, ...request },
    };
  });

describe('a request Alexa really sends', () => {
  it('is answered by its own handler: never the error apology, never an error in the log', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, async (event) => {
        const from = logLines.length;
        const response = await handler(event as unknown as RequestEnvelope);
        expectValid(response);
        const speech = response.response.outputSpeech?.type === 'SSML' ? response.response.outputSpeech.ssml : '';
        const label = { request: event.request.type, intent: 'intent' in event.request ? event.request.intent?.name : undefined };
        expect({ ...label, apology: APOLOGIES.some((a) => speech.includes(a)) }).toEqual({ ...label, apology: false });
        const errors = logLines.slice(from).filter((line) => 'error' in (JSON.parse(line) as object));
        expect({ ...label, errors }).toEqual({ ...label, errors: [] });
      }),
      { numRuns: 1000 },
    );
  });
});
