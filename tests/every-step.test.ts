import type { Reply } from '../src/console/conversation';
import { intentRequest } from '../src/console/envelopes';
import { translatorFor } from '../src/i18n';
import { Intent } from '../src/skill/intents';
import { handler, interview } from './helpers/skill';
import { CONVERSATION_LOCALES } from './helpers/conversation-locales';

/** Every intent, with and without slots, as the listener could say it at any point. */
const utterances: Array<[string, Record<string, { value: string; id?: string }>]> = [
  ...Object.values(Intent).map((name) => [name, {}] as [string, Record<string, never>]),
  [Intent.describePain, { side: { value: 'left', id: 'left' } }],
  [Intent.describePain, { feel: { value: 'cramp', id: 'cramp' } }],
  [Intent.describePain, { feel: { value: 'after a fall', id: 'afterFall' }, part: { value: 'knee', id: 'knee' } }],
  [Intent.describePain, { feel: { value: 'wobbly' } }],
  [Intent.moreAbout, { cause: { value: 'sciatica', id: 'sciatica' } }],
  [Intent.moreAbout, { cause: { value: 'gout' } }],
  ['AMAZON.PauseIntent', {}],
];

describe.each(CONVERSATION_LOCALES)('every intent at every step, in %s', (locale) => {
  const apology = translatorFor(locale).t('error');
  const paths: Array<[Record<string, 'yes' | 'unsure'>, string | undefined]> = [
    [{}, undefined],
    [{}, 'cramp'],
    [{ legChanged: 'yes', oneLegSwollen: 'yes' }, undefined],
    [{ suddenOrInjury: 'yes', suddenSevere: 'yes' }, undefined],
    [{ nightCramp: 'yes' }, undefined],
    [{ easesHangingDown: 'yes' }, 'afterWalking'],
    [{ clotRisk: 'yes', pregnant: 'yes' }, 'cramp'],
  ];

  it.each(paths.map(([answers, feel]) => [JSON.stringify({ answers, feel }), answers, feel] as const))(
    'along the path %s',
    async (_name, answers, feel) => {
      const { replies } = await interview(answers, locale, feel);
      const states = replies.filter((r) => !r.sessionEnded).map((r: Reply) => r.response.sessionAttributes ?? {});
      expect(states.length).toBeGreaterThan(2);
      for (const attributes of states) {
        for (const [name, slots] of utterances) {
          const session = { sessionId: 's', isNew: false, attributes };
          const response = await handler(intentRequest(locale, session, name, slots));
          const body = response.response;
          const speech = body.outputSpeech?.type === 'SSML' ? body.outputSpeech.ssml : '';
          const label = { name, stage: attributes.stage };
          expect({ ...label, error: speech.includes(apology) }).toEqual({ ...label, error: false });
          if (body.shouldEndSession === false) {
            expect({ ...label, reprompt: body.reprompt !== undefined, speech: speech.length > 20 }).toEqual({
              ...label,
              reprompt: true,
              speech: true,
            });
          } else {
            expect({ ...label, ended: body.shouldEndSession }).toEqual({ ...label, ended: true });
          }
        }
      }
    },
  );
});
