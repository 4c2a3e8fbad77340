import { ResponseFactory } from './sdk';
import type { Response } from 'ask-sdk-model';
import { translatorFor } from '../i18n';

/** The last resort when nothing better can be said: an apology in the listener's language, and the session ends. */
export function apology(locale: string | undefined): Response {
  return ResponseFactory.init().speak(translatorFor(locale).t('error')).withShouldEndSession(true).getResponse();
}
