import type en from './locales/en.json';
import type enGB from './locales/en-GB.json';
import type { Language, SupportedLocale } from './locales';
import { readJsonBeside } from '../read-json';

/** A language's resources; its plural keys follow the language's own plural categories. */
export type LanguageResources = typeof en;
/** A locale's overlay: its numbers and services, and any words it spells or says differently. */
export type LocaleResources = Partial<typeof enGB> & Record<string, unknown>;

/**
 * The resource files are read when a request first needs them, from `locales/`: a cold start reads one language
 * and one overlay, however many there are; read directly, without require's path resolution.
 */
const read = (name: string): unknown => readJsonBeside(__dirname, `locales/${name}.json`);

export const loadLanguage = (language: Language): LanguageResources => read(language) as LanguageResources;
export const loadLocale = (locale: SupportedLocale): LocaleResources => read(locale) as LocaleResources;
