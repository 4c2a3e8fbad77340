import type { ResourceTree } from './compose';
import type { Language, SupportedLocale } from './locales';
import { readJsonBeside } from '../read-json';

/**
 * The resource files as written, from `locales/` beside this module: a language's (its plural keys follow the
 * language's own plural categories) and a locale's overlay (its numbers and services, and any words it spells or
 * says differently). Read directly, without require's path resolution.
 */
const read = (name: string): ResourceTree => readJsonBeside(__dirname, `locales/${name}.json`) as ResourceTree;

export const loadLanguage = (language: Language): ResourceTree => read(language);
export const loadLocale = (locale: SupportedLocale): ResourceTree => read(locale);
