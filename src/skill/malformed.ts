import { ResponseFactory } from 'ask-sdk-core';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { translatorFor } from '../i18n';

/** The answer to an event that is not a request envelope at all: an apology, and the session ends. */
export function malformedRequestResponse(): ResponseEnvelope {
  const { t } = translatorFor(undefined);
  return { version: '1.0', response: ResponseFactory.init().speak(t('error')).withShouldEndSession(true).getResponse() };
}
