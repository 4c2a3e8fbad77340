import { startAlexaApi, STAND_IN_TOKEN, type AlexaApiStandIn, type ReminderBehaviour } from '../src/console/alexa-api';
import { createConversation, type Reply } from '../src/console/conversation';
import { consentResponseRequest, type AlexaContext } from '../src/console/envelopes';
import { createRecogniser, loadModel } from '../src/console/matcher';
import { translatorFor } from '../src/i18n';
import { rules } from '../src/rules';
import { plain } from '../src/speech/render';
import { reminderTimes } from '../src/reminders/schedule';
import { createFollowUpReminder } from '../src/reminders/create';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { answerSteps, DESCRIBE, describing, handler, logLines, NO, outcomeOf, UNSURE, YES } from './helpers/skill';
import { CONVERSATION_LOCALES } from './helpers/conversation-locales';

let api: AlexaApiStandIn;
beforeAll(async () => {
  api = await startAlexaApi({ timeZone: 'Europe/Berlin' });
});
afterAll(() => api.close());
beforeEach(() => {
  api.received.length = 0;
  api.set({ reminders: 'created', timeZone: 'Europe/Berlin' });
  logLines.length = 0;
});

function talkTo(locale = 'en-US', context: Partial<AlexaContext> = {}) {
  return createConversation(locale, (event) => handler(event), createRecogniser(locale, loadModel(locale)), {
    apiEndpoint: api.endpoint,
    ...context,
  });
}

/** Runs an interview to its outcome: everything no, the pain described as `feel` ("not sure" when none). */
async function toOutcome(conversation: ReturnType<typeof talkTo>, yes: readonly string[] = [], feel?: string): Promise<Reply> {
  const { last } = await answerSteps(await conversation.launch(), (step) =>
    step === DESCRIBE
      ? feel
        ? conversation.sendIntent(...describing(feel))
        : conversation.sendIntent(UNSURE)
      : conversation.sendIntent(yes.includes(step) ? YES : NO),
  );
  return last;
}

/** Whether a reply offers the reminder: its reprompt is the reminder offer's, in the listener's language. */
function offersReminder(reply: Reply, locale: string): boolean {
  const reprompt = reply.response.response.reprompt?.outputSpeech;
  const said = reprompt?.type === 'SSML' ? plain(reprompt.ssml) : '';
  return said.includes(plain(translatorFor(locale).t('offer.reprompt_reminder')));
}

/** From the outcome, "no" to each layer until the reminder is offered; undefined when it never is. */
async function toReminderOffer(conversation: ReturnType<typeof talkTo>, outcome: Reply, locale = 'en-US'): Promise<Reply | undefined> {
  let reply = outcome;
  for (let i = 0; i < 5 && !reply.sessionEnded; i++) {
    if (offersReminder(reply, locale)) return reply;
    reply = await conversation.sendIntent(NO);
  }
  return undefined;
}

const reminderPosts = () => api.received.filter((r) => r.method === 'POST');

/** The card that asks for the reminders permission in the Alexa app. */
const PERMISSION_CARD = { type: 'AskForPermissionsConsent', permissions: ['alexa::alerts:reminders:skill:readwrite'] };

describe('the follow-up reminder offer', () => {
  it.each(CONVERSATION_LOCALES)(
    'is made after self-care and "see a doctor soon" outcomes, never after urgent or emergency ones, in %s',
    async (locale) => {
      for (const [yes, feel, offered] of [
        [[], 'cramp', true],
        [[], 'restless', true],
        [['clotRisk', 'clotPain'], undefined, false],
        [['legChanged', 'oneLegSwollen'], undefined, false],
      ] as const) {
        const conversation = talkTo(locale);
        const outcome = await toOutcome(conversation, yes, feel);
        const offer = await toReminderOffer(conversation, outcome, locale);
        expect({ yes, feel, offered: offer !== undefined }).toEqual({ yes, feel, offered });
      }
      const emergency = await toOutcome(talkTo(locale), ['breathing']);
      expect(offersReminder(emergency, locale)).toBe(false);
    },
  );

  it('costs nothing more when declined: "no" says goodbye', async () => {
    const conversation = talkTo();
    const offer = (await toReminderOffer(conversation, await toOutcome(conversation, [], 'cramp')))!;
    const bye = await conversation.sendIntent(NO);
    expect(bye.speech).toBe('Take care, and I hope you sleep well.');
    expect(bye.sessionEnded).toBe(true);
    expect(offer.speech).toMatch(/Would you like a reminder in 3 days, at 6 in the evening, to check on your leg\?$/);
    expect(api.received).toEqual([]);
  });
});

describe('with the reminders permission already granted', () => {
  it("creates the reminder the Reminders API documents: 6 pm on the third day in the device's time zone", async () => {
    const conversation = talkTo('de-DE', { remindersGranted: true });
    const offer = (await toReminderOffer(conversation, await toOutcome(conversation, [], 'cramp'), 'de-DE'))!;
    const done = await conversation.sendIntent(YES);
    expect(done.speech).toBe('Erledigt: Ich erinnere Sie in 3 Tagen um 18 Uhr. ' + translatorFor('de-DE').t('goodbye.selfcare'));
    expect(done.sessionEnded).toBe(true);
    expect(offer.speech).toContain('in 3 Tagen um 18 Uhr');

    const [zone, post] = api.received;
    expect(zone).toEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/v2/devices/amzn1.ask.device.local/settings/System.timeZone',
        authorization: `Bearer ${STAND_IN_TOKEN}`,
      }),
    );
    const expected = reminderTimes(new Date(), 'Europe/Berlin', 3).scheduledTime;
    expect(post).toEqual({
      method: 'POST',
      path: '/v1/alerts/reminders',
      authorization: `Bearer ${STAND_IN_TOKEN}`,
      contentType: expect.stringMatching(/^application\/json/),
      body: {
        requestTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
        trigger: { type: 'SCHEDULED_ABSOLUTE', scheduledTime: expected, timeZoneId: 'Europe/Berlin' },
        alertInfo: {
          spokenInfo: {
            content: [{ locale: 'de-DE', text: 'Zeit, nach Ihrem Bein zu sehen. Wenn es noch weh tut, vereinbaren Sie einen Arzttermin.' }],
          },
        },
        pushNotification: { status: 'ENABLED' },
      },
    });
    expect(expected).toMatch(/T18:00:00\.000$/);
  });

  it('sets the reminder two days ahead after a "see a doctor soon" outcome', async () => {
    const conversation = talkTo('en-US', { remindersGranted: true });
    await toReminderOffer(conversation, await toOutcome(conversation, [], 'restless'));
    const done = await conversation.sendIntent(YES);
    expect(done.speech).toMatch(/^Done: I'll remind you in 2 days, at 6 in the evening\. Take care, and I hope it settles soon\.$/);
  });

  it.each<[ReminderBehaviour, 'the permission card' | 'no card', RegExp]>([
    ['created', 'no card', /^Done: I'll remind you in 3 days, at 6 in the evening\./],
    [400, 'no card', /^Sorry, I couldn't set the reminder just now\./],
    [401, 'the permission card', /^I couldn't set the reminder: it needs your permission\./],
    [403, 'the permission card', /^I couldn't set the reminder: it needs your permission\./],
    ['limit', 'no card', /^I couldn't set the reminder: you have too many reminders already\./],
    [429, 'no card', /^Sorry, I couldn't set the reminder just now\./],
    [500, 'no card', /^Sorry, I couldn't set the reminder just now\./],
    [503, 'no card', /^Sorry, I couldn't set the reminder just now\./],
    ['slow', 'no card', /^Sorry, I couldn't set the reminder just now\./],
  ])(
    "answers the Reminders API's %s with %s and a short, honest sentence, and the outcome still stands",
    async (behaviour, card, said) => {
      api.set({ reminders: behaviour });
      const conversation = talkTo('en-US', { remindersGranted: true });
      await toReminderOffer(conversation, await toOutcome(conversation, [], 'cramp'));
      const started = Date.now();
      const reply = await conversation.sendIntent(YES);
      expect(Date.now() - started).toBeLessThan(7_000);
      expect(reply.speech).toMatch(said);
      expect(reply.speech).toMatch(/Take care, and I hope you sleep well\.$/);
      expect(reply.sessionEnded).toBe(true);
      // The permission card only when the permission is what is missing: after any other failure it would send the
      // listener to grant what they have already granted.
      expect(reply.response.response.card).toEqual(card === 'the permission card' ? PERMISSION_CARD : undefined);
    },
    15_000,
  );

  it('answers an Alexa API it cannot reach as a failure, with no card', async () => {
    const conversation = talkTo('en-US', { remindersGranted: true, apiEndpoint: 'http://127.0.0.1:1' });
    await toReminderOffer(conversation, await toOutcome(conversation, [], 'cramp'));
    const reply = await conversation.sendIntent(YES);
    expect(reply.speech).toMatch(/^Sorry, I couldn't set the reminder just now\./);
    expect(reply.response.response.card).toBeUndefined();
  });

  it('still sets the reminder when the time zone cannot be read', async () => {
    api.set({ timeZone: 'Not/AZone' });
    const conversation = talkTo('en-US', { remindersGranted: true });
    await toReminderOffer(conversation, await toOutcome(conversation, [], 'cramp'));
    const reply = await conversation.sendIntent(YES);
    expect(reply.speech).toMatch(/^Done:/);
    expect((reminderPosts()[0]!.body as { trigger: { scheduledTime: string } }).trigger.scheduledTime).toMatch(/T18:00:00\.000$/);
  });
});

describe('without the permission: consent by voice', () => {
  async function askedForConsent(locale = 'en-US') {
    const conversation = talkTo(locale);
    await toReminderOffer(conversation, await toOutcome(conversation, [], 'cramp'), locale);
    const asked = await conversation.sendIntent(YES);
    return { conversation, asked };
  }

  it('asks Alexa to ask for the reminders permission, and creates nothing yet', async () => {
    const { asked } = await askedForConsent();
    const directive = asked.response.response.directives?.find((d) => d.type === 'Connections.SendRequest');
    expect(directive).toEqual({
      type: 'Connections.SendRequest',
      name: 'AskFor',
      payload: { '@type': 'AskForPermissionsConsentRequest', '@version': '1', permissionScope: 'alexa::alerts:reminders:skill:readwrite' },
      token: 'reminder|3|selfcare',
    });
    expect(asked.sessionEnded).toBe(true);
    // Alexa asks by voice; the card is only for when it cannot.
    expect(asked.response.response.card).toBeUndefined();
    expect(api.received).toEqual([]);
  });

  it('creates the reminder when the listener accepts', async () => {
    const { conversation, asked } = await askedForConsent();
    const reply = await conversation.answerConsent(asked.consent!.token, 'ACCEPTED');
    expect(reply.speech).toMatch(/^Done: I'll remind you in 3 days, at 6 in the evening\./);
    expect(reminderPosts()).toHaveLength(1);
  });

  it('says so, and creates nothing, when the listener declines', async () => {
    const { conversation, asked } = await askedForConsent();
    const reply = await conversation.answerConsent(asked.consent!.token, 'DENIED');
    expect(reply.speech).toBe('All right, no reminder. Take care, and I hope you sleep well.');
    expect(reply.response.response.card).toBeUndefined();
    expect(api.received).toEqual([]);
  });

  it.each<[ReminderBehaviour, 'the permission card' | 'no card']>([
    ['created', 'no card'],
    [401, 'the permission card'],
    ['limit', 'no card'],
    [500, 'no card'],
  ])("once accepted, answers the Reminders API's %s with %s", async (behaviour, card) => {
    const { conversation, asked } = await askedForConsent();
    api.set({ reminders: behaviour });
    const reply = await conversation.answerConsent(asked.consent!.token, 'ACCEPTED');
    expect(reply.response.response.card).toEqual(card === 'the permission card' ? PERMISSION_CARD : undefined);
    expect(reminderPosts()).toHaveLength(1);
  });

  it('falls back to the permission card in the Alexa app when not answered', async () => {
    const { conversation, asked } = await askedForConsent();
    const reply = await conversation.answerConsent(asked.consent!.token, 'NOT_ANSWERED');
    expect(reply.speech).toMatch(/^No reminder for now\. I've put a card in your Alexa app/);
    expect(reply.response.response.card).toEqual(PERMISSION_CARD);
    expect(api.received).toEqual([]);
  });

  it('treats a consent answer with a forged or unknown token as not understood, creating nothing', async () => {
    const { conversation } = await askedForConsent();
    const forged = [
      'reminder|99|selfcare',
      'reminder|3|emergency',
      'reminder|undefined|urgent',
      'xreminder|3|selfcare',
      'reminder|3|selfcare|x',
      'x',
      '',
    ];
    for (const token of forged) {
      const reply = await conversation.answerConsent(token, 'ACCEPTED');
      expect(reply.speech).not.toMatch(/^Done/);
    }
    expect(api.received).toEqual([]);
  });
});

describe("Alexa's consent answer when it is not a plain yes", () => {
  const consent = (change: (request: Record<string, unknown>) => void, answer: 'ACCEPTED' | 'DENIED' | 'NOT_ANSWERED' = 'ACCEPTED') => {
    const session = { sessionId: 'amzn1.echo-api.session.consent', isNew: true, attributes: {} };
    const envelope = consentResponseRequest('en-US', session, 'reminder|3|selfcare', answer, { apiEndpoint: api.endpoint });
    change(envelope.request as unknown as Record<string, unknown>);
    return handler(envelope);
  };
  const said = (response: ResponseEnvelope) =>
    plain(response.response.outputSpeech?.type === 'SSML' ? response.response.outputSpeech.ssml : '');

  it.each([
    ['a status other than 200', (request: Record<string, unknown>) => (request.status = { code: '500', message: 'Internal error' })],
    ['no status', (request: Record<string, unknown>) => delete request.status],
  ])('with %s, an accepted consent creates nothing and leaves the permission card', async (_case, change) => {
    const response = await consent(change);
    expect(said(response)).toMatch(/^No reminder for now\. I've put a card in your Alexa app/);
    expect(response.response.card).toEqual(PERMISSION_CARD);
    expect(api.received).toEqual([]);
  });

  it.each(['NOT_ANSWERED', 'DENIED'] as const)(
    'with a status other than 200, %s is not a plain no: the permission card',
    async (answer) => {
      const response = await consent((request) => (request.status = { code: '500', message: 'Internal error' }), answer);
      expect(response.response.card).toEqual(PERMISSION_CARD);
    },
  );

  it('a Connections.Response to another request than AskFor is not understood, and creates nothing', async () => {
    const response = await consent((request) => (request.name = 'Buy'));
    expect(said(response)).not.toMatch(/^Done|^No reminder/);
    expect(response.response.card).toBeUndefined();
    expect(api.received).toEqual([]);
  });
});

describe('privacy', () => {
  it('never puts a cause or an answer in the reminder text, whatever the outcome', async () => {
    const causeWords = rules.causes.flatMap((c) => [c.id, ...['en-US', 'de-DE'].map((l) => translatorFor(l).t(`cause.${c.id}.name`))]);
    for (const locale of ['en-US', 'de-DE']) {
      for (const feel of rules.descriptionIds) {
        api.received.length = 0;
        const conversation = talkTo(locale, { remindersGranted: true });
        const outcome = await toOutcome(conversation, [], feel);
        const offer = await toReminderOffer(conversation, outcome, locale);
        if (!offer) continue;
        const done = await conversation.sendIntent(YES);
        expect({ locale, feel, done: done.speech }).toEqual({ locale, feel, done: expect.stringMatching(/^(Done|Erledigt)/) });
        const text = (reminderPosts()[0]!.body as { alertInfo: { spokenInfo: { content: { text: string }[] } } }).alertInfo.spokenInfo
          .content[0]!.text;
        // After "see a doctor", the reminder says to see one, rather than to wait and see.
        const level = outcomeOf(outcome)!.level;
        expect({ feel, level, text }).toEqual({ feel, level, text: translatorFor(locale).t(`reminder.text_${level}`) });
        for (const word of causeWords)
          expect({ feel, word, inText: text.toLowerCase().includes(word.toLowerCase()) }).toEqual({ feel, word, inText: false });
      }
    }
  }, 30_000);

  it('after "see a doctor", reminds the listener to see one; after self-care, to see one if it still hurts', () => {
    const { t } = translatorFor('en-US');
    expect(t('reminder.text_soon')).toMatch(/If you haven't seen a doctor yet/);
    expect(t('reminder.text_selfcare')).toMatch(/If it still hurts/);
  });
});

describe("the reminder's date", () => {
  it.each([
    ['late evening in Berlin, already the next day in UTC', '2026-11-26T23:30:00Z', 'Europe/Berlin', 3, '2026-11-30T18:00:00.000'],
    ['late evening in New York, already the next day in UTC', '2026-11-27T03:30:00Z', 'America/New_York', 3, '2026-11-29T18:00:00.000'],
    ['across a month end', '2026-11-29T20:00:00Z', 'Europe/London', 2, '2026-12-01T18:00:00.000'],
    ['an unknown time zone: counted in UTC', '2026-11-26T23:30:00Z', 'Not/AZone', 3, '2026-11-29T18:00:00.000'],
  ])('%s', (_, now, zone, days, scheduled) => {
    expect(reminderTimes(new Date(now), zone, days).scheduledTime).toBe(scheduled);
  });
});

describe('creating the reminder (src/reminders/create.ts)', () => {
  const reminder = { days: 3, text: 'If it still hurts, see a doctor.' };
  const envelope = (context: unknown) => ({ version: '1.0', context, request: { locale: 'en-US' } }) as unknown as RequestEnvelope;
  const withApi = () => envelope({ System: { apiAccessToken: STAND_IN_TOKEN, apiEndpoint: api.endpoint, device: { deviceId: 'd' } } });

  it.each([
    ['no context', undefined],
    ['a context without System', {}],
    ['a System without a token', { System: { apiEndpoint: 'http://127.0.0.1:1' } }],
  ])('asks for the permission when the request carries %s, and calls nothing', async (_case, context) => {
    await expect(createFollowUpReminder(envelope(context), reminder)).resolves.toBe('noPermission');
    expect(api.received).toEqual([]);
  });

  it.each<[ReminderBehaviour, string]>([
    ['created', 'set'],
    ['limit', 'limit'],
    [403, 'noPermission'],
    [401, 'noPermission'],
    [400, 'failed'],
    [500, 'failed'],
  ])("tells the Reminders API's %s apart: %s", async (behaviour, result) => {
    api.set({ reminders: behaviour });
    await expect(createFollowUpReminder(withApi(), reminder)).resolves.toBe(result);
  });
});
