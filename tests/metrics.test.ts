import type { Conversation } from '../src/console/conversation';
import type { RequestEnvelope } from 'ask-sdk-model';
import { canFulfillIntentRequest, intentRequest, launchRequest, userEventRequest } from '../src/console/envelopes';
import { startAlexaApi } from '../src/console/alexa-api';
import { simulateConversations } from '../src/console/simulate';
import { SUPPORTED_LOCALES } from '../src/i18n';
import { Intent } from '../src/skill/intents';
import { countExchange, errorKind, METRICS, metricLines, OTHER, type MetricName } from '../src/skill/metrics';
import * as speech from '../src/speech/render';
import { countMetrics, metricProblems } from './helpers/metric-lines';
import { answerSteps, DESCRIBE, describing, handler, interview, logLines, metricLines as emitted, NO, talk, YES } from './helpers/skill';

type Line = Record<string, unknown> & { _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> } };

/** The metric lines one piece of work wrote, parsed. */
async function linesOf(work: () => Promise<unknown>): Promise<Line[]> {
  const from = emitted.length;
  await work();
  return emitted.slice(from).map((line) => JSON.parse(line) as Line);
}

const names = (line: Line) => line._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => m.Name));
/** The lines that count `metric`, as { dimension values, value }. */
const counting = (lines: Line[], metric: MetricName) =>
  lines
    .filter((line) => names(line).includes(metric))
    .map((line) => {
      const { _aws, ...rest } = line;
      return Object.fromEntries(Object.entries(rest).filter(([key]) => !Object.hasOwn(METRICS, key) || key === metric));
    });

/** Launches and answers no up to the open question, then describes a cramp: the step before the last question. */
async function toDescribe(conversation: Conversation) {
  return answerSteps(await conversation.launch(), () => conversation.sendIntent(NO), DESCRIBE);
}

describe('metric lines: CloudWatch embedded metric format', () => {
  it('every line of a few hundred simulated conversations in every locale is EMF the specification accepts, and counts only what the skill declares', async () => {
    const api = await startAlexaApi({ timeZone: 'Europe/Berlin' });
    try {
      const lines = await linesOf(() =>
        simulateConversations({
          conversations: 17 * 12,
          seed: 7,
          handler,
          apiEndpoint: api.endpoint,
          reminderBehaviour: (reminders) => api.set({ reminders }),
        }),
      );
      const raw = lines.map((line) => JSON.stringify(line));
      expect(metricProblems(raw)).toEqual([]);
      // Everything the dashboard shows happened somewhere in them.
      const seen = countMetrics(raw);
      expect(Object.keys(METRICS).filter((name) => !seen.has(name))).toEqual([]);
      expect(new Set(lines.map((line) => line.locale).filter(Boolean))).toEqual(new Set(SUPPORTED_LOCALES));
    } finally {
      await api.close();
    }
  });

  it('writes them beside the request log, never on it: the request line keeps its fields, the metric line has no request id', async () => {
    const before = logLines.length;
    const lines = await linesOf(() => talk('en-GB').launch());
    const logged = logLines.slice(before);
    expect(logged).toHaveLength(1);
    expect(Object.keys(JSON.parse(logged[0]!) as object)).not.toContain('_aws');
    expect(lines).toEqual([
      expect.objectContaining({ locale: 'en-GB', Requests: 1, SessionsStarted: 1, Latency: expect.any(Number) as number }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/requestId|sessionId|amzn1/i);
  });

  it('time a request from its arrival to its response, in milliseconds on a monotonic clock, the same on both lines', async () => {
    // The two readings the skill takes of the clock: at 5 s, and 12.345678 ms later.
    const clock = jest.spyOn(process.hrtime, 'bigint').mockReturnValueOnce(5_000_000_000n).mockReturnValueOnce(5_012_345_678n);
    try {
      const before = logLines.length;
      const lines = await linesOf(() => talk('en-GB').launch());
      expect(logLines.slice(before).map((line) => JSON.parse(line) as object)).toEqual([expect.objectContaining({ latencyMs: 12.346 })]);
      expect(lines).toEqual([expect.objectContaining({ Latency: 12.346 })]);
    } finally {
      clock.mockRestore();
    }
  });
});

describe('what the metrics count', () => {
  it('a session started; an outcome reached, once, by level: not again when it is repeated or its layers heard', async () => {
    const conversation = talk('de-DE');
    const lines = await linesOf(async () => {
      await answerSteps(await conversation.launch(), (step) =>
        step === DESCRIBE ? conversation.sendIntent(...describing('cramp')) : conversation.sendIntent(NO),
      );
      await conversation.sendIntent(Intent.repeat);
      await conversation.sendIntent(YES);
    });
    expect(counting(lines, 'SessionsStarted')).toEqual([{ locale: 'de-DE', SessionsStarted: 1 }]);
    expect(counting(lines, 'Outcomes')).toEqual([{ locale: 'de-DE', level: 'selfcare', Outcomes: 1 }]);
    expect(counting(lines, 'Repeat')).toEqual([{ locale: 'de-DE', Repeat: 1 }]);
    expect(counting(lines, 'Emergencies')).toEqual([]);
  });

  it('an emergency: the outcome at its level and an emergency, once; a call for help is an emergency too', async () => {
    const lines = await linesOf(async () => {
      const { conversation } = await interview({ breathing: 'yes' }, 'ja-JP');
      await conversation.sendIntent(Intent.repeat);
      const other = talk('en-US');
      await other.launch();
      await other.sendIntent(Intent.emergency);
      await other.sendIntent(Intent.emergency);
    });
    expect(counting(lines, 'Outcomes')).toEqual([{ locale: 'ja-JP', level: 'emergency', Outcomes: 1 }]);
    expect(counting(lines, 'Emergencies')).toEqual([
      { locale: 'ja-JP', level: 'emergency', Emergencies: 1 },
      { locale: 'en-US', Emergencies: 1 },
    ]);
  });

  it('not understood: the question the listener was at, on a line of its own with nothing else of the request', async () => {
    const conversation = talk('en-US');
    const lines = await linesOf(async () => {
      await conversation.launch();
      await conversation.sendIntent(NO);
      await conversation.sendIntent(Intent.fallback);
      await conversation.sendIntent('SomeIntentThisSkillDoesNotHave');
    });
    const fallbacks = lines.filter((line) => names(line).includes('Fallbacks'));
    expect(fallbacks.map(({ _aws, ...rest }) => rest)).toEqual([
      { locale: 'en-US', question: 'caudaEquina', Fallbacks: 1 },
      { locale: 'en-US', question: 'caudaEquina', Fallbacks: 1 },
    ]);
    // The request's own counts are on the line before it.
    expect(lines.filter((line) => names(line).includes('Requests'))).toHaveLength(4);
  });

  it('not understood once the outcome is told: counted at the outcome, not at a question or the emergency', async () => {
    const conversation = talk('en-GB');
    const lines = await linesOf(async () => {
      await answerSteps(await conversation.launch(), (step) =>
        step === DESCRIBE ? conversation.sendIntent(...describing('cramp')) : conversation.sendIntent(NO),
      );
      await conversation.sendIntent(Intent.fallback);
    });
    expect(counting(lines, 'Fallbacks')).toEqual([{ locale: 'en-GB', question: 'outcome', Fallbacks: 1 }]);
  });

  it('a tap that opens a new session (on a screen left from an earlier one) starts a session and is a touch', async () => {
    const tap = userEventRequest('en-AU', { sessionId: 'new', isNew: true, attributes: {} }, 'stale-screen', ['no']);
    const lines = await linesOf(() => handler(tap));
    expect(counting(lines, 'SessionsStarted')).toEqual([{ locale: 'en-AU', SessionsStarted: 1 }]);
    expect(counting(lines, 'Touches')).toEqual([{ locale: 'en-AU', Touches: 1 }]);
  });

  it("a session started by a launch or a request said with the skill's name; not by a name-free question, nor by an envelope with no request", () => {
    const opening = { sessionId: 'new', isNew: true, attributes: {} };
    expect(countExchange(launchRequest('en-US', opening), undefined)).toEqual({ sessionStarted: true });
    expect(countExchange(intentRequest('en-US', opening, Intent.describePain), undefined)).toEqual({ sessionStarted: true });
    const nameFree = canFulfillIntentRequest('en-US', Intent.describePain);
    expect(countExchange({ ...nameFree, session: { ...nameFree.session!, new: true } }, undefined)).toEqual({});
    expect(countExchange({ version: '1.0' } as RequestEnvelope, undefined)).toEqual({});
  });

  it('a call for help counted once: not again while its message stands, nor after an emergency outcome', async () => {
    const lines = await linesOf(async () => {
      const once = talk('en-GB');
      await once.launch();
      await once.sendIntent(Intent.emergency);
      const { conversation } = await interview({ breathing: 'yes' }, 'fr-FR');
      await conversation.sendIntent(Intent.emergency);
    });
    expect(counting(lines, 'Emergencies')).toEqual([
      { locale: 'en-GB', Emergencies: 1 },
      { locale: 'fr-FR', level: 'emergency', Emergencies: 1 },
    ]);
  });

  it('not understood while the emergency message stands: counted at the emergency', async () => {
    const conversation = talk('en-US');
    const lines = await linesOf(async () => {
      await conversation.launch();
      await conversation.sendIntent(Intent.emergency);
      await conversation.sendIntent(Intent.fallback);
    });
    expect(counting(lines, 'Fallbacks')).toEqual([{ locale: 'en-US', question: 'emergency', Fallbacks: 1 }]);
  });

  it('a screen counted only when the response renders one: not for a directive of another kind', () => {
    const launch = launchRequest('en-US', { sessionId: 's', isNew: false, attributes: {} });
    const askForReminders = { type: 'Connections.SendRequest', name: 'AskFor', payload: {}, token: 'reminder' } as const;
    expect(countExchange(launch, { directives: [askForReminders] })).toEqual({});
    expect(countExchange(launch, { directives: [askForReminders, { type: 'Alexa.Presentation.APL.RenderDocument' }] })).toEqual({
      screen: true,
    });
  });

  it('where sessions end before an outcome: Alexa ending it at a question, or stop, cancel or "thanks" mid-interview; not after the outcome', async () => {
    const lines = await linesOf(async () => {
      const walksAway = talk('fr-FR');
      await toDescribe(walksAway);
      await walksAway.end({ reason: 'EXCEEDED_MAX_REPROMPTS' });
      for (const intent of [Intent.stop, Intent.cancel, Intent.thanks]) {
        const stops = talk('es-MX');
        await stops.launch();
        await stops.sendIntent(NO);
        await stops.sendIntent(intent);
      }
      const done = talk('en-US');
      await answerSteps(await done.launch(), (step) => (step === DESCRIBE ? done.sendIntent(...describing('cramp')) : done.sendIntent(NO)));
      await done.sendIntent(Intent.stop);
      const ended = talk('en-US');
      await answerSteps(await ended.launch(), (step) =>
        step === DESCRIBE ? ended.sendIntent(...describing('cramp')) : ended.sendIntent(NO),
      );
      await ended.end();
    });
    expect(counting(lines, 'DropOffs')).toEqual([
      { locale: 'fr-FR', question: 'describe', DropOffs: 1 },
      { locale: 'es-MX', question: 'caudaEquina', DropOffs: 1 },
      { locale: 'es-MX', question: 'caudaEquina', DropOffs: 1 },
      { locale: 'es-MX', question: 'caudaEquina', DropOffs: 1 },
    ]);
  });

  it('repair: help, repeat, go back and start over, said or touched; the screen shown, and touches', async () => {
    const conversation = talk('it-IT', 'screen');
    const lines = await linesOf(async () => {
      await conversation.launch();
      await conversation.sendIntent(Intent.help);
      await conversation.tap('no');
      await conversation.tap('back');
      await conversation.sendIntent(Intent.previous);
      await conversation.sendIntent(Intent.startOver);
      await conversation.sendIntent(Intent.repeat);
    });
    const counted = (metric: MetricName) => counting(lines, metric).length;
    expect({ help: counted('Help'), goBack: counted('GoBack'), startOver: counted('StartOver'), repeat: counted('Repeat') }).toEqual({
      help: 1,
      goBack: 2,
      startOver: 1,
      repeat: 1,
    });
    expect(counting(lines, 'Touches')).toEqual([
      { locale: 'it-IT', Touches: 1 },
      { locale: 'it-IT', Touches: 1 },
    ]);
    expect(counted('ScreenTurns')).toBe(7);
  });

  it('name-free requests by the can-fulfill answer; nothing of the slot values', async () => {
    const lines = await linesOf(async () => {
      await handler(canFulfillIntentRequest('en-US', Intent.describePain, { feel: { value: 'cramp' } }));
      await handler(canFulfillIntentRequest('en-US', Intent.describePain, { feel: { value: 'my cramp thing' } }));
      await handler(canFulfillIntentRequest('en-GB', Intent.yes));
    });
    expect(counting(lines, 'NameFreeRequests')).toEqual([
      { locale: 'en-US', canFulfill: 'YES', NameFreeRequests: 1 },
      { locale: 'en-US', canFulfill: 'MAYBE', NameFreeRequests: 1 },
      { locale: 'en-GB', canFulfill: 'NO', NameFreeRequests: 1 },
    ]);
    expect(JSON.stringify(lines)).not.toContain('cramp');
  });

  it('errors by kind, in Requests too: a failure while answering, and an error Alexa reports when it ends a session', async () => {
    const spy = jest.spyOn(speech, 'render').mockImplementationOnce(() => {
      throw new RangeError('rendering failed');
    });
    const conversation = talk('hi-IN');
    const lines = await linesOf(async () => {
      await conversation.launch();
      await conversation.end({ reason: 'ERROR', error: { type: 'INVALID_RESPONSE', message: 'bad SSML' } });
    });
    spy.mockRestore();
    expect(counting(lines, 'Errors')).toEqual([
      { kind: 'RangeError', Errors: 1 },
      { kind: 'INVALID_RESPONSE', Errors: 1 },
    ]);
    expect(counting(lines, 'Requests')).toHaveLength(2);
  });

  it('a locale, step, level or error kind outside the vocabulary is counted as other, whatever a request says', async () => {
    const envelope = intentRequest('en-US', { sessionId: 's', isNew: true, attributes: {} }, Intent.help);
    (envelope.request as { locale: string }).locale = 'xx-CANARY';
    const lines = await linesOf(() => handler(envelope));
    expect(lines.map((line) => line.locale)).toEqual([OTHER]);
    expect(JSON.stringify(lines)).not.toContain('CANARY');
    const [general, step] = metricLines('de-AT', { fallback: 'CANARY', outcome: 'worst' as never, error: 'CANARYError' }, 1);
    expect(JSON.parse(general!)).toEqual(expect.objectContaining({ locale: OTHER, level: OTHER, kind: 'Other' }));
    expect(JSON.parse(step!)).toEqual(expect.objectContaining({ locale: OTHER, question: OTHER }));
    expect(errorKind('AskSdk.GenericRequestDispatcher Error')).toBe('AskSdkError');
  });
});
