/**
 * The cold-start floor (issue 12): the least a skill on this stack does, built the recommended way. ask-sdk-core,
 * one i18next instance made and initialised once at load with one string, the skill built once at load, an async
 * handler, one LaunchRequest handler. Bundled and minified like ours (bench/hello-world/build.ts).
 */
import { getRequestType, SkillBuilders, type HandlerInput } from 'ask-sdk-core';
import i18next from 'i18next';
import type { RequestEnvelope, Response, ResponseEnvelope } from 'ask-sdk-model';

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  initAsync: false,
  resources: { en: { translation: { welcome: 'Welcome to Hello World. Say hello to begin.' } } },
});

const skill = SkillBuilders.custom()
  .addRequestHandlers({
    canHandle: (input: HandlerInput) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
    handle: (input: HandlerInput): Response => {
      const speech = i18n.t('welcome');
      return input.responseBuilder.speak(speech).reprompt(speech).getResponse();
    },
  })
  .create();

export const handler = async (event: RequestEnvelope): Promise<ResponseEnvelope> => skill.invoke(event);
