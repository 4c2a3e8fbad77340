/**
 * Every Alexa locale the skill speaks, with the language whose resources it uses (src/i18n/locales/<language>.json)
 * and its own overlay of numbers, services and spelling (src/i18n/locales/<locale>.json).
 */
export const LOCALE_LANGUAGES = {
  'en-US': 'en',
  'en-GB': 'en',
  'en-CA': 'en',
  'en-AU': 'en',
  'en-IN': 'en',
  'de-DE': 'de',
  'es-ES': 'es',
  'es-MX': 'es',
  'es-US': 'es',
  'fr-FR': 'fr',
  'fr-CA': 'fr',
  'it-IT': 'it',
  'pt-BR': 'pt',
  'ja-JP': 'ja',
  'hi-IN': 'hi',
  'ar-SA': 'ar',
  'nl-NL': 'nl',
} as const;

export type SupportedLocale = keyof typeof LOCALE_LANGUAGES;
export type Language = (typeof LOCALE_LANGUAGES)[SupportedLocale];

export const SUPPORTED_LOCALES = Object.keys(LOCALE_LANGUAGES) as SupportedLocale[];
export const LANGUAGES = [...new Set(Object.values(LOCALE_LANGUAGES))];
export const DEFAULT_LANGUAGE: Language = 'en';

export const isSupportedLocale = (locale: string | undefined): locale is SupportedLocale =>
  locale !== undefined && Object.hasOwn(LOCALE_LANGUAGES, locale);

const isLanguage = (language: string | undefined): language is Language =>
  language !== undefined && (LANGUAGES as readonly string[]).includes(language);

/** The language of a request locale: its own if we speak it (de-AT: German), else English. */
export function languageOf(locale: string | undefined): Language {
  if (isSupportedLocale(locale)) return LOCALE_LANGUAGES[locale];
  // A forged request may send anything as its locale.
  const language = typeof locale === 'string' ? locale.split('-')[0]?.toLowerCase() : undefined;
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/**
 * The resources to speak with: a listed locale's own (its numbers and services), else its language's, which speak
 * of "your local emergency number" rather than another country's number.
 */
export function speechLanguage(locale: string | undefined): SupportedLocale | Language {
  return isSupportedLocale(locale) ? locale : languageOf(locale);
}

/** Languages written without spaces between words: their spoken length is counted in characters. */
export const UNSPACED_LANGUAGES: readonly Language[] = ['ja'];
