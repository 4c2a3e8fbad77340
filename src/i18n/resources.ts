import type en from './locales/en.json';
import type enGB from './locales/en-GB.json';
import type { Language, SupportedLocale } from './locales';

/** A language's resources; its plural keys follow the language's own plural categories. */
export type LanguageResources = typeof en;
/** A locale's overlay: its numbers and services, and any words it spells or says differently. */
export type LocaleResources = Partial<typeof enGB> & Record<string, unknown>;

/*
 * One loader per file, each a plain require: a request loads its own language and overlay only, and the bundle
 * (scripts/bundle.ts) keeps every other file unparsed until a request needs it.
 */
const languageFiles: Record<Language, () => LanguageResources> = {
  en: () => require('./locales/en.json'),
  de: () => require('./locales/de.json'),
  es: () => require('./locales/es.json'),
  fr: () => require('./locales/fr.json'),
  it: () => require('./locales/it.json'),
  pt: () => require('./locales/pt.json'),
  ja: () => require('./locales/ja.json'),
  hi: () => require('./locales/hi.json'),
  ar: () => require('./locales/ar.json'),
  nl: () => require('./locales/nl.json'),
};

const localeFiles: Record<SupportedLocale, () => LocaleResources> = {
  'en-US': () => require('./locales/en-US.json'),
  'en-GB': () => require('./locales/en-GB.json'),
  'en-CA': () => require('./locales/en-CA.json'),
  'en-AU': () => require('./locales/en-AU.json'),
  'en-IN': () => require('./locales/en-IN.json'),
  'de-DE': () => require('./locales/de-DE.json'),
  'es-ES': () => require('./locales/es-ES.json'),
  'es-MX': () => require('./locales/es-MX.json'),
  'es-US': () => require('./locales/es-US.json'),
  'fr-FR': () => require('./locales/fr-FR.json'),
  'fr-CA': () => require('./locales/fr-CA.json'),
  'it-IT': () => require('./locales/it-IT.json'),
  'pt-BR': () => require('./locales/pt-BR.json'),
  'ja-JP': () => require('./locales/ja-JP.json'),
  'hi-IN': () => require('./locales/hi-IN.json'),
  'ar-SA': () => require('./locales/ar-SA.json'),
  'nl-NL': () => require('./locales/nl-NL.json'),
};

export const loadLanguage = (language: Language): LanguageResources => languageFiles[language]();
export const loadLocale = (locale: SupportedLocale): LocaleResources => localeFiles[locale]();
