import { rules } from '../src/rules';
import { Intent } from '../src/skill/intents';
import { interview, logLines, talk } from './helpers/skill';

describe('logs', () => {
  beforeAll(async () => {
    logLines.length = 0;
    const runs: Array<[Record<string, 'yes'>, string | undefined]> = [
      [{}, undefined],
      ...rules.questions.map((q): [Record<string, 'yes'>, string | undefined] => [{ [q.id]: 'yes', ...Object.fromEntries(q.askWhen.slice(0, 1).map((g) => [g, 'yes' as const])) }, undefined]),
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
  });

  it('write one JSON line per request with its id, locale, intent and latency', () => {
    expect(logLines.length).toBeGreaterThan(100);
    for (const line of logLines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(entry).every((k) => ['level', 'requestId', 'locale', 'requestType', 'intent', 'outcome', 'latencyMs', 'error'].includes(k))).toBe(true);
      // `level` is the log severity that Lambda's JSON log format and CloudWatch read, never the triage outcome.
      expect(['info', 'error']).toContain(entry.level);
      expect(entry.requestId).toEqual(expect.any(String));
      expect(entry.locale).toEqual(expect.any(String));
    }
  });

  it('carry outcome levels, never what the person answered, the causes, or what they said', () => {
    const text = logLines.join('\n');
    expect(text).toMatch(/"outcome":"emergency"/);
    expect(text).toMatch(/"outcome":"selfcare"/);
    const secrets = [
      ...rules.questions.map((q) => q.id),
      ...rules.causes.map((c) => c.id),
      ...rules.descriptionIds.map((d) => `"${d}"`),
      'cramp', 'shooting', 'restless',
      Intent.yes, Intent.no, Intent.unsure, '"yes"', '"no"', '"unsure"', 'sciatica', 'linkes', 'left',
    ];
    for (const secret of secrets) expect({ secret, logged: text.includes(secret) }).toEqual({ secret, logged: false });
  });
});
