import type { SupportedLocale } from '../../src/i18n';

/**
 * Each locale's emergency number and, where the country has one, its advice line, as docs/clinical.md lists
 * them ("Emergency and advice numbers by Alexa locale"), written out here so that a change to either is deliberate.
 * `advice` is what the card names for urgent or soon care; undefined where there is no national line.
 */
export const NUMBERS: Record<SupportedLocale, { emergency: string; advice: string | undefined }> = {
  'en-US': { emergency: '911', advice: undefined },
  'es-US': { emergency: '911', advice: undefined },
  'en-CA': { emergency: '911', advice: '811' },
  'fr-CA': { emergency: '911', advice: '811' },
  'en-GB': { emergency: '999', advice: '111' },
  'en-AU': { emergency: '000', advice: '1800 022 222' },
  'en-IN': { emergency: '112', advice: undefined },
  'de-DE': { emergency: '112', advice: '116117' },
  'fr-FR': { emergency: '15', advice: '116117' },
  'es-ES': { emergency: '112', advice: undefined },
  'es-MX': { emergency: '911', advice: undefined },
  'it-IT': { emergency: '112', advice: '116117' },
  'ja-JP': { emergency: '119', advice: '#7119' },
  'pt-BR': { emergency: '192', advice: undefined },
  'hi-IN': { emergency: '112', advice: undefined },
  'ar-SA': { emergency: '997', advice: '937' },
  'nl-NL': { emergency: '112', advice: undefined },
};
