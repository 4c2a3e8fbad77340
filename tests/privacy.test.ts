import { rules } from '../src/rules';
import { Intent } from '../src/skill/intents';
import { interview, logLines, talk } from './helpers/skill';

describe('logs', () => {
  beforeAll(async () => {
    logLines.length = 0;
    for (const answers of [{}, ...rules.questions.map((q) => ({ [q.id]: 'yes' as const, ...Object.fromEntries(q.askWhen.map((g) => [g, 'yes' as const])) }))]) {
      const { conversation, last } = await interview(answers, 'en-GB');
      if (!last.sessionEnded) {
        await conversation.say('tell me more about sciatica');
        await conversation.sendIntent('UnsureIntent');
      }
    }
    const oneShot = talk('de-DE');
    await oneShot.say('frag beinschmerz ratgeber warum mein linkes bein nachts weh tut');
  });

  it('write one JSON line per request with its id, locale, intent and latency', () => {
    expect(logLines.length).toBeGreaterThan(100);
    for (const line of logLines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry).every((k) => ['level', 'requestId', 'locale', 'requestType', 'intent', 'latencyMs', 'error'].includes(k))).toBe(true);
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry.locale).toEqual(expect.any(String));
    }
  });

  it('carry outcome levels, never what the person answered, the causes, or what they said', () => {
    const text = logLines.join('\n');
    expect(text).toMatch(/"level":"emergency"/);
    const secrets = [
      ...rules.questions.map((q) => q.id),
      ...rules.causes.map((c) => c.id),
      Intent.yes, Intent.no, Intent.unsure, '"yes"', '"no"', '"unsure"', 'sciatica', 'linkes', 'left',
    ];
    for (const secret of secrets) expect({ secret, logged: text.includes(secret) }).toEqual({ secret, logged: false });
  });
});
