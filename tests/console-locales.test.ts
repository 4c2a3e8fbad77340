// The local console in every locale: what a person types (in Japanese without spaces, in Devanagari or Arabic
// script) goes through that locale's interaction model and phrases to the real handler, as with `npm start`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConversation, type Reply } from '../src/console/conversation';
import { createRecogniser, loadModel } from '../src/console/matcher';
import { phrases } from '../src/console/phrases';
import { LOCALE_LANGUAGES, SUPPORTED_LOCALES, type SupportedLocale } from '../src/i18n/locales';
import { DESCRIBE, handler, outcomeOf, pendingQuestion } from './helpers/skill';
import { NUMBERS } from './helpers/numbers';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'skill-package', 'skill.json'), 'utf8')) as {
  manifest: { publishingInformation: { locales: Record<string, { examplePhrases: string[] }> } };
};

/** What a person types in this locale: its everyday yes and no, and the model's own word for a cramp. */
function wordsOf(locale: SupportedLocale) {
  const builtIn = phrases[LOCALE_LANGUAGES[locale]].builtIn as Record<string, string[]>;
  const feel = loadModel(locale).interactionModel.languageModel.types?.find((t) => t.name === 'PainFeel');
  return {
    open: manifest.manifest.publishingInformation.locales[locale]!.examplePhrases[0]!,
    yes: builtIn['AMAZON.YesIntent']![0]!,
    no: builtIn['AMAZON.NoIntent']![0]!,
    cramp: feel!.values.find((v) => v.id === 'cramp')!.name.value,
  };
}

describe.each(SUPPORTED_LOCALES)('the console in %s', (locale) => {
  const start = () => createConversation(locale, handler, createRecogniser(locale));

  it('opens the skill with the store\'s example phrase and reaches an emergency on "yes" to the first question', async () => {
    const words = wordsOf(locale);
    const conversation = start();
    const opened = await conversation.say(words.open);
    expect(pendingQuestion(opened)).toBe('breathing');
    const emergency = await conversation.say(words.yes);
    expect(outcomeOf(emergency)?.level).toBe('emergency');
    expect(emergency.speech).toContain(NUMBERS[locale].emergency);
  });

  it('reaches a self-care outcome with everything "no" and a cramp described in its words', async () => {
    const words = wordsOf(locale);
    const conversation = start();
    let reply: Reply = await conversation.say(words.open);
    const heard: string[] = [];
    for (let step = pendingQuestion(reply); step; step = pendingQuestion(reply)) {
      heard.push(step);
      expect(heard.length).toBeLessThan(15);
      reply = await conversation.say(step === DESCRIBE ? words.cramp : words.no);
    }
    expect({ heard, outcome: outcomeOf(reply) }).toEqual({ heard, outcome: { level: 'selfcare', causes: ['nightCramps'] } });
  });
});
