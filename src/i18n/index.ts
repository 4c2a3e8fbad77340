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

/** What our resources interpolate: a context (the leg side), a cause id, a plural count, a total, a joined list. */
export type TranslateOptions = {
  context?: string | undefined;
  cause?: string | undefined;
  count?: number;
  total?: number;
  list?: string;
};

export type Translate = (key: string, options?: TranslateOptions) => string;

/** Cached translations are finite (keys by causes by sides); the cap only guards against a surprise. */
const MAX_CACHED = 10_000;

/**
 * i18next's t, remembered: the same key and values always give the same text, and resolving keys, nesting and
 * plurals is most of the work of a warm request.
 */
function remembered(fixedT: TFunction): Translate {
  const cache = new Map<string, string>();
  return (key, options) => {
    const id = options
      ? `${key}|${options.context ?? ''}|${options.cause ?? ''}|${options.count ?? ''}|${options.total ?? ''}|${options.list ?? ''}`
      : key;
    let text = cache.get(id);
    if (text === undefined) {
      text = options ? fixedT(key, options) : fixedT(key);
      if (cache.size < MAX_CACHED) cache.set(id, text);
    }
    return text;
  };
}

const translators = new Map<string, Translate>(
  [...SUPPORTED_LOCALES, ...BASE_LANGUAGES].map((lng) => [lng, remembered(i18n.getFixedT(lng))]),
);

export interface Translator {
  language: string;
  t: Translate;
  /** Joins "a, b and c" the way the language does. */
  list: (items: readonly string[]) => string;
}

// Lists are joined with the resources' separators rather than Intl.ListFormat, whose ICU data costs
// about 20 ms of cold start to load.
function joinList(t: Translate, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(t('list.separator'))}${t('list.lastSeparator')}${items.at(-1)}`;
}

export function translatorFor(locale: string | undefined): Translator {
  const language = speechLanguage(locale);
  const t = translators.get(language)!;
  return { language, t, list: (items) => joinList(t, items) };
}
