import type { RequestEnvelope } from 'ask-sdk-model';
import { startAlexaApi } from '../src/console/alexa-api';
import { randomSource, simulateConversations } from '../src/console/simulate';
import { respondToLoaded, type DialogEvent } from '../src/dialog/conversation';
import { loadState, SIDES } from '../src/dialog/state';
import { SUPPORTED_LOCALES } from '../src/i18n';
import { ANSWERS, rules } from '../src/rules';
import { countTurn, metricLines } from '../src/skill/metrics';
import { metricLineProblems, metricProblems } from './helpers/metric-lines';
import { handler, logLines, metricLines as emitted } from './helpers/skill';

/**
 * The metrics' privacy canary: conversations in every locale with values planted wherever a request or the dialog
 * can carry one, and not one of them in a metric line; no answer, cause or description either, and a question id
 * only in its one allowed place (tests/helpers/metric-lines.ts).
 */

const CANARY = 'CNRY';
/** Planted in the request: ids, tokens, every slot value, Alexa's error message, and now and then the session. */
const PLANTED = {
  user: `amzn1.ask.account.${CANARY}USER`,
  device: `amzn1.ask.device.${CANARY}DEVICE`,
  session: `amzn1.echo-api.session.${CANARY}SESSION`,
  request: `amzn1.echo-api.request.${CANARY}REQUEST`,
  application: `amzn1.ask.skill.${CANARY}APP`,
  slot: `${CANARY}SLOT`,
  error: `${CANARY}ERROR`,
  attribute: `${CANARY}ATTRIBUTE`,
};
const CANARIES = [CANARY];

type Mutable = Record<string, unknown>;
const at = (value: unknown, ...path: string[]): Mutable | undefined => {
  let node = value;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as Mutable)[key] : undefined;
  return typeof node === 'object' && node !== null ? (node as Mutable) : undefined;
};

let planted = 0;
/** The envelope with every value a person or device could be told apart by replaced by a canary. */
function plant(envelope: RequestEnvelope): RequestEnvelope {
  planted += 1;
  const copy = JSON.parse(JSON.stringify(envelope)) as Mutable;
  const session = at(copy, 'session');
  if (session) {
    session.sessionId = `${PLANTED.session}-${planted}`;
    at(session, 'user')!.userId = PLANTED.user;
    at(session, 'application')!.applicationId = PLANTED.application;
    // Now and then the attributes carry something the skill never wrote: it starts again, and logs none of it.
    if (planted % 23 === 0) session.attributes = { ...at(session, 'attributes'), planted: PLANTED.attribute };
  }
  const system = at(copy, 'context', 'System')!;
  at(system, 'user')!.userId = PLANTED.user;
  at(system, 'device')!.deviceId = PLANTED.device;
  at(system, 'application')!.applicationId = PLANTED.application;
  const request = at(copy, 'request')!;
  request.requestId = `${PLANTED.request}-${planted}`;
  for (const slot of Object.values(at(request, 'intent', 'slots') ?? {})) {
    const filled = slot as Mutable;
    if (typeof filled.value === 'string') filled.value = `${PLANTED.slot} ${filled.value}`;
  }
  const error = at(request, 'error');
  if (error) error.message = `${PLANTED.error}: ${String(error.message)}`;
  return copy as unknown as RequestEnvelope;
}

describe('the metrics carry no person, no answer, no cause', () => {
  it('thousands of conversations in every locale through the dialog, canaries in every value an event can carry: none in a metric line', () => {
    const random = randomSource(24);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const causes = rules.causes.map((c) => c.id);
    // Every event the dialog knows, the slot-filled ones with known ids, unknown ones and planted ones.
    const events = (): DialogEvent => {
      const roll = random();
      if (roll < 0.45) return { type: 'answer', answer: pick([...ANSWERS, 'partly', 'no', 'no', 'no'] as const) };
      if (roll < 0.6)
        return {
          type: 'describePain',
          ...(random() < 0.8 ? { feel: pick([...rules.descriptionIds, 'unknown', PLANTED.slot]) } : {}),
          ...(random() < 0.3 ? { part: pick(['calf', 'knee', 'unknown', PLANTED.slot]) } : {}),
          ...(random() < 0.3 ? { side: pick(SIDES) } : {}),
        };
      if (roll < 0.65) return { type: 'moreAbout', cause: pick([...causes, 'unknown', PLANTED.slot]) };
      return {
        type: pick([
          'fallback',
          'fallback',
          'help',
          'repeat',
          'back',
          'startOver',
          'stop',
          'thanks',
          'emergencyHelp',
          'tonight',
          'otherCauses',
          'remind',
          'done',
          'launch',
        ] as const),
      };
    };
    let conversations = 0;
    const lines: string[] = [];
    for (const locale of SUPPORTED_LOCALES) {
      for (let n = 0; n < 120; n += 1) {
        conversations += 1;
        let attributes: unknown = undefined;
        let event: DialogEvent = { type: 'launch' };
        for (let turn = 0; turn < 40; turn += 1) {
          const loaded = loadState(attributes);
          const next = respondToLoaded(loaded, event);
          lines.push(...metricLines(locale, countTurn(loaded, event, next)));
          if (next.end) {
            // Alexa ends some sessions itself, at whatever step they are.
            break;
          }
          attributes = next.state;
          event = random() < 0.03 ? { type: 'stop' } : events();
        }
      }
    }
    expect(conversations).toBeGreaterThanOrEqual(2000);
    expect(metricProblems(lines, CANARIES)).toEqual([]);
    // They did reach the places a question id may be: every kind of step, fallbacks and drop-offs.
    const joined = lines.join('\n');
    for (const metric of ['Fallbacks', 'DropOffs', 'Outcomes', 'Emergencies', 'Help', 'GoBack', 'StartOver'])
      expect({ metric, counted: joined.includes(`"${metric}":1`) }).toEqual({ metric, counted: true });
  });

  it('conversations in every locale through the real handler, every id, token and slot value planted: none in a metric line, none but the request id in the log', async () => {
    const api = await startAlexaApi({ timeZone: 'Europe/Berlin' });
    const fromMetrics = emitted.length;
    const fromLog = logLines.length;
    try {
      await simulateConversations({
        conversations: 17 * 12,
        seed: 42,
        handler: (envelope) => handler(plant(envelope)),
        apiEndpoint: api.endpoint,
        reminderBehaviour: (reminders) => api.set({ reminders }),
      });
    } finally {
      await api.close();
    }
    const metrics = emitted.slice(fromMetrics);
    const logged = logLines.slice(fromLog);
    expect(metrics.length).toBeGreaterThan(2000);
    expect(metricProblems(metrics, CANARIES)).toEqual([]);
    // The request log has the request id, by design; nothing else planted.
    const leaked = logged.map((line) => line.replace(/"requestId":"[^"]*"/, '')).filter((line) => line.includes(CANARY));
    expect(leaked).toEqual([]);
    expect(planted).toBeGreaterThan(2000);
  });

  it('the check finds a leak when one is planted: a request id, a session id, a question off its place, a slot value, a cause', () => {
    const [general, step] = metricLines('en-US', { fallback: 'clotPain', outcome: 'urgent', latencyMs: 1 }, 1);
    expect(metricLineProblems(general!)).toEqual([]);
    expect(metricLineProblems(step!)).toEqual([]);
    const leaks = [
      general!.replace('"locale":', `"requestId":"${PLANTED.request}","locale":`),
      general!.replace('"en-US"', `"${PLANTED.session}"`),
      general!.replace('"locale":"en-US"', '"locale":"en-US","question":"clotPain"'),
      step!.replace('"Fallbacks":1', '"Fallbacks":1,"Latency":0.123'),
      general!.replace('"urgent"', '"deepVeinThrombosis"'),
      step!.replace('"clotPain"', `"${PLANTED.slot}"`),
    ];
    for (const leak of leaks) expect({ leak, found: metricLineProblems(leak, CANARIES).length > 0 }).toEqual({ leak, found: true });
  });
});
