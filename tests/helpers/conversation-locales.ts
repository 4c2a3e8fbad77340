import { SUPPORTED_LOCALES, type SupportedLocale } from '../../src/i18n';

/**
 * The locales the whole-conversation suites run in (turn by turn through the Lambda handler): one of each script and
 * word order. The code they drive speaks no language of its own, and mutation runs showed these four catch what all
 * seventeen did, in a quarter of the time. What differs per locale (every string present and resolved, valid SSML,
 * the numbers, the word budgets on every path and every outcome the rules can reach, the screen's number) is checked
 * in all seventeen by cheaper suites that render the dialog directly (speech, sim, locales, replies, screen, bundle).
 * ALL_LOCALES=1 runs the whole-conversation suites in all seventeen too.
 */
export const CONVERSATION_LOCALES: readonly SupportedLocale[] =
  process.env.ALL_LOCALES === '1' ? SUPPORTED_LOCALES : ['en-US', 'de-DE', 'ja-JP', 'ar-SA'];
