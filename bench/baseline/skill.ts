/**
 * The baseline: the same conversation (src/dialog, src/speech, src/rules) wired the way Amazon's official
 * samples wire a skill (skill-sample-nodejs-fact, the SDK's hello-world): the global i18next instance
 * initialised in a request interceptor on every request with the request's locale and every resource,
 * its `t` put on the request attributes, and the SDK's callback-style `.lambda()` handler. Built with
 * node_modules left external, as `ask deploy` ships a lambda/ folder with its node_modules.
 * Unlike the samples, the interceptor awaits init (the samples drop its promise), so no answer depends on timing.
 */
import * as Alexa from 'ask-sdk-core';
import i18n, { type TFunction } from 'i18next';
import type { IntentRequest, Response } from 'ask-sdk-model';
import { respondTo, type DialogEvent } from '../../src/dialog/conversation';
import { render } from '../../src/speech/render';
import type { TranslateOptions } from '../../src/i18n';
import { rules } from '../../src/rules';
import { resolvedSlotId } from '../../src/skill/slots';
import en from '../../src/i18n/locales/en.json';
import enUS from '../../src/i18n/locales/en-US.json';
import enGB from '../../src/i18n/locales/en-GB.json';
import de from '../../src/i18n/locales/de.json';
import deDE from '../../src/i18n/locales/de-DE.json';

const languageStrings = {
  en: { translation: en },
  'en-US': { translation: enUS },
  'en-GB': { translation: enGB },
  de: { translation: de },
  'de-DE': { translation: deDE },
};

function speak(handlerInput: Alexa.HandlerInput, event: DialogEvent): Response {
  const { attributesManager, requestEnvelope, responseBuilder } = handlerInput;
  const t = attributesManager.getRequestAttributes().t as TFunction;
  const list = (items: readonly string[]): string =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(t('list.separator'))}${t('list.lastSeparator')}${items.at(-1)}`;
  const turn = respondTo(attributesManager.getSessionAttributes(), event);
  const translate = (key: string, options?: TranslateOptions): string => (options ? t(key, options) : t(key));
  const { speech, reprompt, card } = render(turn, { language: Alexa.getLocale(requestEnvelope), t: translate, list });
  attributesManager.setSessionAttributes(turn.state ?? {});
  if (speech) responseBuilder.speak(speech);
  if (turn.end) responseBuilder.withShouldEndSession(true);
  else if (reprompt) responseBuilder.reprompt(reprompt);
  if (card) responseBuilder.withSimpleCard(card.title, card.content);
  return responseBuilder.getResponse();
}

const isIntent = (handlerInput: Alexa.HandlerInput, ...names: string[]): boolean =>
  Alexa.getRequestType(handlerInput.requestEnvelope) === 'IntentRequest' &&
  names.includes(Alexa.getIntentName(handlerInput.requestEnvelope));

const LaunchRequestHandler: Alexa.RequestHandler = {
  canHandle: (handlerInput) => Alexa.getRequestType(handlerInput.requestEnvelope) === 'LaunchRequest',
  handle: (handlerInput) => speak(handlerInput, { type: 'launch' }),
};

const AnswerIntentHandler: Alexa.RequestHandler = {
  canHandle: (handlerInput) => isIntent(handlerInput, 'AMAZON.YesIntent', 'AMAZON.NoIntent', 'UnsureIntent'),
  handle: (handlerInput) => {
    const name = Alexa.getIntentName(handlerInput.requestEnvelope);
    return speak(handlerInput, {
      type: 'answer',
      answer: name === 'AMAZON.YesIntent' ? 'yes' : name === 'AMAZON.NoIntent' ? 'no' : 'unsure',
    });
  },
};

const DescribeLegPainIntentHandler: Alexa.RequestHandler = {
  canHandle: (handlerInput) => isIntent(handlerInput, 'DescribeLegPainIntent'),
  handle: (handlerInput) => {
    const request = handlerInput.requestEnvelope.request as IntentRequest;
    const side = resolvedSlotId(request, 'side');
    const feel = resolvedSlotId(request, 'feel');
    const part = resolvedSlotId(request, 'part');
    return speak(handlerInput, {
      type: 'describePain',
      ...(side === 'left' || side === 'right' || side === 'both' ? { side } : {}),
      ...(feel === undefined ? {} : { feel }),
      ...(part === undefined ? {} : { part }),
    });
  },
};

const MoreAboutCauseIntentHandler: Alexa.RequestHandler = {
  canHandle: (handlerInput) => isIntent(handlerInput, 'MoreAboutCauseIntent'),
  handle: (handlerInput) => {
    const cause = resolvedSlotId(handlerInput.requestEnvelope.request as IntentRequest, 'cause');
    return speak(handlerInput, {
      type: 'moreAbout',
      ...(cause === undefined ? {} : { cause: rules.causeById.has(cause) ? cause : 'unknown' }),
    });
  },
};

const simpleIntents: Record<string, DialogEvent> = {
  'AMAZON.HelpIntent': { type: 'help' },
  'AMAZON.RepeatIntent': { type: 'repeat' },
  'AMAZON.StartOverIntent': { type: 'startOver' },
  'AMAZON.PreviousIntent': { type: 'back' },
  'AMAZON.StopIntent': { type: 'stop' },
  'AMAZON.CancelIntent': { type: 'stop' },
  'AMAZON.NavigateHomeIntent': { type: 'stop' },
  'AMAZON.FallbackIntent': { type: 'fallback' },
};

const SimpleIntentHandler: Alexa.RequestHandler = {
  canHandle: (handlerInput) => isIntent(handlerInput, ...Object.keys(simpleIntents)),
  handle: (handlerInput) => speak(handlerInput, simpleIntents[Alexa.getIntentName(handlerInput.requestEnvelope)]!),
};

const SessionEndedRequestHandler: Alexa.RequestHandler = {
  canHandle: (handlerInput) => Alexa.getRequestType(handlerInput.requestEnvelope) === 'SessionEndedRequest',
  handle: (handlerInput) => handlerInput.responseBuilder.getResponse(),
};

const ErrorHandler: Alexa.ErrorHandler = {
  canHandle: () => true,
  handle: (handlerInput, error) => {
    console.log(`~~~~ Error handled: ${error.stack}`);
    const t = handlerInput.attributesManager.getRequestAttributes().t as TFunction;
    return handlerInput.responseBuilder.speak(t('error')).withShouldEndSession(true).getResponse();
  },
};

const LocalisationRequestInterceptor: Alexa.RequestInterceptor = {
  async process(handlerInput) {
    const t = await i18n.init({
      lng: Alexa.getLocale(handlerInput.requestEnvelope),
      fallbackLng: 'en',
      resources: languageStrings,
      interpolation: { escapeValue: false },
    });
    handlerInput.attributesManager.getRequestAttributes().t = t;
  },
};

export const handler = Alexa.SkillBuilders.custom()
  .addRequestHandlers(
    LaunchRequestHandler,
    AnswerIntentHandler,
    DescribeLegPainIntentHandler,
    MoreAboutCauseIntentHandler,
    SimpleIntentHandler,
    SessionEndedRequestHandler,
  )
  .addErrorHandlers(ErrorHandler)
  .addRequestInterceptors(LocalisationRequestInterceptor)
  .withCustomUserAgent('sample/leg-pain-guide-baseline')
  .lambda();
