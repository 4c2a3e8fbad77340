import i18next, { type TFunction } from 'i18next';
import en from './locales/en.json';
import enUS from './locales/en-US.json';
import enGB from './locales/en-GB.json';
import de from './locales/de.json';
import deDE from './locales/de-DE.json';

/** Alexa locales with an interaction model and a local emergency number. */
export const SUPPORTED_LOCALES = ['en-US', 'en-GB', 'de-DE'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** Languages whose base resources speak of "your local emergency number", for regions we have no number for. */
const BASE_LANGUAGES = ['en', 'de'] as const;
const DEFAULT_LANGUAGE = 'en';

export const resources = {
  en: { translation: en },
  'en-US': { translation: enUS },
  'en-GB': { translation: enGB },
  de: { translation: de },
  'de-DE': { translation: deDE },
} as const;

const i18n = i18next.createInstance();
void i18n.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  initAsync: false,
  // Resources are our own SSML fragments; nothing the listener says is ever interpolated.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The resource language for a request locale: the locale itself, else its language, else English. */
export function speechLanguage(locale: string | undefined): string {
  if (locale && (SUPPORTED_LOCALES as readonly string[]).includes(locale)) return locale;
  const language = locale?.split('-')[0]?.toLowerCase();
  return (BASE_LANGUAGES as readonly string[]).find((l) => l === language) ?? DEFAULT_LANGUAGE;
}

const translators = new Map<string, TFunction>(
  [...SUPPORTED_LOCALES, ...BASE_LANGUAGES].map((lng) => [lng, i18n.getFixedT(lng)]),
);

export interface Translator {
  language: string;
  t: TFunction;
  /** Joins "a, b and c" the way the language does. */
  list: (items: readonly string[]) => string;
}

// Lists are joined with the resources' separators rather than Intl.ListFormat, whose ICU data costs
// about 20 ms of cold start to load.
function joinList(t: TFunction, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(t('list.separator'))}${t('list.lastSeparator')}${items.at(-1)}`;
}

export function translatorFor(locale: string | undefined): Translator {
  const language = speechLanguage(locale);
  const t = translators.get(language)!;
  return { language, t, list: (items) => joinList(t, items) };
}
