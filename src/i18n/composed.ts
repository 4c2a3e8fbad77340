import type { ResourceTree } from './compose';
import type { Language, SupportedLocale } from './locales';
import { readJsonBeside } from '../read-json';

/** The folder, beside the bundle, of each locale's and language's resources as composed at build time. */
export const COMPOSED_DIR = 'speech';

/** In the bundle, in place of src/i18n/speech-resources.ts: what the build composed, read from `speech/<name>.json`. */
export const readComposed = (name: SupportedLocale | Language): ResourceTree =>
  readJsonBeside(__dirname, `${COMPOSED_DIR}/${name}.json`) as ResourceTree;
