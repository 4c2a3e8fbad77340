import i18next, { type TFunction } from 'i18next';
import { speechLanguage, type Language, type SupportedLocale } from './locales';
import { remembered, type Translate } from './remembered';
import { speechResources } from './speech-resources';

export { SUPPORTED_LOCALES, speechLanguage, languageOf, type SupportedLocale, type Language } from './locales';

export type { Translate, TranslateOptions } from './remembered';

/**
 * One i18next per set of resources (a locale's, or a language's alone), made when a request first needs it: a cold
 * start parses one locale's whatever the number of locales.
 */
function i18nextFor(resources: SupportedLocale | Language): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    // Ours to give: i18next keeps them as they are, with no defensive deep copy of a whole locale's text.
    resources: { [resources]: { translation: speechResources(resources) } },
    // Each locale's resources are whole (its language's under its overlay, src/i18n/compose.ts): nothing to fall
    // back to, and one place to look each key up.
    load: 'currentOnly',
    fallbackLng: false,
    // Resources are our own SSML fragments; nothing the listener says is ever interpolated.
    interpolation: { escapeValue: false },
  });
  return instance.getFixedT(resources);
}

const translators = new Map<string, Translate>();

function translateIn(locale: string | undefined): Translate {
  const resources = speechLanguage(locale);
  let t = translators.get(resources);
  if (!t) {
    t = remembered(i18nextFor(resources));
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
