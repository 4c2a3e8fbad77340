import { composeResources, type ResourceTree } from './compose';
import { isSupportedLocale, LOCALE_LANGUAGES, type Language, type SupportedLocale } from './locales';
import { loadLanguage, loadLocale } from './resources';

/**
 * What a listed locale (its language with its overlay) or a language alone speaks with, composed from the source
 * files. The bundle composes every one at build time instead (scripts/bundle.ts) and reads the result with
 * src/i18n/composed.ts.
 */
export function speechResources(name: SupportedLocale | Language): ResourceTree {
  if (!isSupportedLocale(name)) return composeResources(loadLanguage(name));
  return composeResources(loadLanguage(LOCALE_LANGUAGES[name]), loadLocale(name));
}
