import { SUPPORTED_LOCALES, type SupportedLocale } from '../../src/i18n';

/**
 * The locales the whole-conversation suites run in: every one, except in a mutation run (`npm run mutate`, whose
 * setup sets MUTATION_RUN). A mutation run plants bugs in code that speaks no language of its own (the rules, the
 * dialog, the request verification) and runs these suites again for each one: there, one locale of each script and
 * word order catches what all seventeen would, in a quarter of the time.
 */
export const CONVERSATION_LOCALES: readonly SupportedLocale[] =
  process.env.MUTATION_RUN === '1' ? ['en-US', 'de-DE', 'ja-JP', 'ar-SA'] : SUPPORTED_LOCALES;
