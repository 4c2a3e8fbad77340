import i18next, { type TFunction } from 'i18next';
import { speechLanguage } from './locales';
import { once } from '../once';
import { speechResources } from './speech-resources';

export { SUPPORTED_LOCALES, speechLanguage, languageOf, type SupportedLocale, type Language } from './locales';

/**
 * Made on the first request, with no resources: each locale's are added when a request first needs them, so a cold
 * start parses one locale's whatever the number of locales.
 */
const i18n = once(() => {
  const instance = i18next.createInstance();
  void instance.init({
    resources: {},
    // Each locale's resources are whole (its language's under its overlay, src/i18n/compose.ts): nothing to fall
    // back to, and one place to look each key up.
    load: 'currentOnly',
    fallbackLng: false,
    initAsync: false,
    // Resources are our own SSML fragments; nothing the listener says is ever interpolated.
    interpolation: { escapeValue: false },
  });
  return instance;
});

/** What our resources interpolate: a context (the leg side), a cause id, a plural count, a total, a joined list. */
// A type, not an interface: i18next's options take only what has an index signature.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
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

const translators = new Map<string, Translate>();

function translateIn(locale: string | undefined): Translate {
  const resources = speechLanguage(locale);
  let t = translators.get(resources);
  if (!t) {
    // Ours to give: no need for i18next's defensive deep copy of a whole locale's text.
    i18n().addResourceBundle(resources, 'translation', speechResources(resources), false, true, { silent: true, skipCopy: true });
    t = remembered(i18n().getFixedT(resources));
    translators.set(resources, t);
  }
  return t;
}

export interface Translator {
  language: string;
  t: Translate;
  /** Joins "a, b and c" the way the language does. */
  list: (items: readonly string[]) => string;
}

// Lists are joined with the resources' separators rather than Intl.ListFormat, whose ICU data costs
// about 20 ms of cold start to load.
function joinList(t: Translate, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(t('list.separator'))}${t('list.lastSeparator')}${items.at(-1)}`;
}

export function translatorFor(locale: string | undefined): Translator {
  const t = translateIn(locale);
  return { language: speechLanguage(locale), t, list: (items) => joinList(t, items) };
}
