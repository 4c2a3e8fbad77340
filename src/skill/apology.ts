import { ResponseFactory } from './sdk';
import type { Response } from 'ask-sdk-model';
import { languageOf, translatorFor } from '../i18n';

/**
 * The last resort when nothing better can be said: an apology in the listener's language, and the session ends.
 * When the locale's own resources cannot be read (a damaged deployment), its language's are tried; when those fail
 * too, the error goes to Lambda, and Alexa says its own "there was a problem" in the listener's language.
 */
export function apology(locale: string | undefined): Response {
  let text: string;
  try {
    text = translatorFor(locale).t('error');
  } catch {
    text = translatorFor(languageOf(locale)).t('error');
  }
  return ResponseFactory.init().speak(text).withShouldEndSession(true).getResponse();
}
