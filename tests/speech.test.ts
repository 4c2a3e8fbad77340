import { check } from 'ssml-check-core';
import en from '../src/i18n/locales/en.json';
import de from '../src/i18n/locales/de.json';
import enUS from '../src/i18n/locales/en-US.json';
import enGB from '../src/i18n/locales/en-GB.json';
import deDE from '../src/i18n/locales/de-DE.json';
import { SUPPORTED_LOCALES, translatorFor } from '../src/i18n';
import { rules } from '../src/rules';
import { Intent } from '../src/skill/intents';
import type { Reply } from '../src/console/conversation';
import { interview, talk } from './helpers/skill';

type Tree = { [key: string]: string | Tree };
const keysOf = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
const words = (ssml: string) => ssml.replace(/<[^>]+>/g, '').split(/\s+/).filter(Boolean).length;

describe('locale resources', () => {
  it('has the same keys in every language', () => {
    expect(keysOf(de).sort()).toEqual(keysOf(en).sort());
  });

  it('has the same region keys in every locale, each overriding a base key', () => {
    const regional = [enUS, enGB, deDE].map((r) => keysOf(r).sort());
    expect(regional[1]).toEqual(regional[0]);
    expect(regional[2]).toEqual(regional[0]);
    for (const key of regional[0]!) expect(keysOf(en)).toContain(key);
  });

  it('has words for every question, cause and piece of advice in the rules', () => {
    const base = new Set(keysOf(en));
    for (const q of rules.questions) for (const part of ['ask', 'reprompt', 'help']) expect(base).toContain(`question.${q.id}.${part}`);
    for (const c of rules.causes) for (const part of ['name', 'short', 'summary', 'more']) expect(base).toContain(`cause.${c.id}.${part}`);
    for (const a of rules.adviceIds) expect(base).toContain(`advice.${a}`);
  });

  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    const { t } = translatorFor(locale);

    it.each(rules.questions.map((q) => q.id))('asks %s as one yes-or-no question in one breath', (id) => {
      const ask = t(`question.${id}.ask`);
      const reprompt = t(`question.${id}.reprompt`);
      expect(ask.trim().endsWith('?')).toBe(true);
      expect(words(ask)).toBeLessThanOrEqual(35);
      expect(words(reprompt)).toBeLessThanOrEqual(35);
      expect(reprompt).not.toContain(ask);
      expect(reprompt).toMatch(/yes|ja/i);
    });
  });
});

/** Speech and reprompts from many whole conversations, in every locale. */
async function collectReplies(locale: string): Promise<Reply[]> {
  const replies: Reply[] = [];
  const answerSets = [{}, ...rules.questions.map((q) => ({ [q.id]: 'yes' as const, ...Object.fromEntries(q.askWhen.map((g) => [g, 'yes' as const])) }))];
  for (const answers of answerSets) {
    const run = await interview(answers, locale);
    replies.push(...run.replies);
    if (!run.last.sessionEnded) {
      replies.push(await run.conversation.sendIntent(Intent.help), await run.conversation.sendIntent('AMAZON.YesIntent'));
    }
  }
  const conversation = talk(locale);
  await conversation.launch();
  for (const intent of Object.values(Intent)) replies.push(await conversation.sendIntent(intent));
  return replies;
}

describe.each([...SUPPORTED_LOCALES, 'en-AU'])('what the skill says in %s', (locale) => {
  let replies: Reply[] = [];
  beforeAll(async () => {
    replies = await collectReplies(locale);
  });

  it('is valid SSML for Alexa', async () => {
    const ssml = new Set(
      replies.flatMap((r) => [r.response.response.outputSpeech, r.response.response.reprompt?.outputSpeech])
        .flatMap((s) => (s?.type === 'SSML' ? [s.ssml] : [])),
    );
    expect(ssml.size).toBeGreaterThan(30);
    for (const one of ssml) {
      expect({ ssml: one, errors: await check(one, { platform: 'amazon', locale }) }).toEqual({ ssml: one, errors: undefined });
    }
  });

  it('stays under Alexa\'s limits: speech under 8,000 characters, a response under 24 KB', () => {
    for (const reply of replies) {
      const speech = reply.response.response.outputSpeech;
      if (speech?.type === 'SSML') expect(speech.ssml.length).toBeLessThan(8000);
      expect(Buffer.byteLength(JSON.stringify(reply.response))).toBeLessThan(24 * 1024);
    }
  });

  it('leaves no resource key or placeholder unresolved', () => {
    for (const reply of replies) {
      expect(reply.speech).not.toMatch(/\$t\(|\{\{|\b(question|cause|outcome|advice|launch)\.[a-z]/);
      expect(reply.card?.content ?? '').not.toMatch(/\$t\(|\{\{|<[a-z]/);
    }
  });

  it('asks with a reprompt or ends the session, every time', () => {
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

  it('never offers to call for the listener', () => {
    for (const reply of replies) {
      expect(reply.speech).not.toMatch(/shall I call|should I call|want me to call|I can call|I will call|I'll call|soll ich .*anrufen|ich rufe .*an/i);
    }
  });
});
