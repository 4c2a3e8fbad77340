// Writes docs/review/<locale>.csv: every string a locale speaks or shows, beside its English meaning and the rule id
// and clinical source it belongs to, so that a native-speaking clinician can review a locale in one sitting.
// `npm run review-sheets` writes them; tests/review-sheets.test.ts fails while one is out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALE_LANGUAGES, SUPPORTED_LOCALES, type SupportedLocale } from '../src/i18n/locales';
import { loadLanguage, loadLocale } from '../src/i18n/resources';
import { rules } from '../src/rules';

export const REVIEW_DIR = join(__dirname, '..', 'docs', 'review');

type Tree = { [key: string]: unknown };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else if (value && typeof value === 'object') for (const entry of flatten(value as Tree, `${prefix}${key}.`)) out.set(...entry);
  }
  return out;
}

const NUMBERS_SOURCE = 'CLINICAL.md: Emergency and advice numbers by Alexa locale';

/** Which rule a resource key speaks for, and that rule's source. */
function ruleOf(key: string): { rule: string; source: string } {
  const [group, id] = key.split('.');
  const sourceOf = (items: ReadonlyArray<{ id: string; source: string }>) => items.find((item) => item.id === id)?.source;
  if (group === 'question' && id) return { rule: `question ${id}`, source: sourceOf(rules.questions) ?? '' };
  if (group === 'cause' && id) return { rule: `cause ${id}`, source: sourceOf(rules.causes) ?? '' };
  if (group === 'advice' && id) return { rule: `advice ${id}`, source: sourceOf(rules.advice) ?? '' };
  if (group === 'safetyNet' && id) {
    const users = [
      ...rules.causes.filter((c) => c.safetyNet === id).map((c) => `cause ${c.id}`),
      ...rules.questions.filter((q) => q.safetyNet === id).map((q) => `question ${q.id}`),
      ...Object.entries(rules.outcomes)
        .filter(([, o]) => o.safetyNet === id)
        .map(([level]) => `outcome ${level}`),
    ];
    return { rule: `safety net ${id}`, source: `said with: ${users.join(', ')}` };
  }
  if (group === 'outcome' && key.startsWith('outcome.headline.')) {
    const level = key.split('.')[2]!.replace('Promptly', '') as keyof typeof rules.outcomes;
    return { rule: `outcome ${level}`, source: rules.outcomes[level]?.source ?? '' };
  }
  if (group === 'number' || group === 'where' || key === 'card.numbers') return { rule: 'numbers and services', source: NUMBERS_SOURCE };
  return { rule: 'dialog', source: '' };
}

const csvCell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * One locale's sheet: its own strings (language file with its overlay over it), beside each the English base
 * string (which speaks of "your local emergency number") as its meaning.
 */
export function renderSheet(locale: SupportedLocale): string {
  const english = flatten(loadLanguage('en') as Tree);
  const own = flatten(loadLanguage(LOCALE_LANGUAGES[locale]) as Tree);
  for (const entry of flatten(loadLocale(locale) as Tree)) own.set(...entry);
  const meaningOf = (key: string) => english.get(key) ?? english.get(key.replace(/_(zero|one|two|few|many|other)$/, '_other')) ?? '';
  const rows = [['key', 'rule', 'source', 'English (meaning)', locale, 'reviewed (yes/no)', 'comment']];
  for (const [key, text] of own) {
    const { rule, source } = ruleOf(key);
    rows.push([key, rule, source, meaningOf(key), text, '', '']);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

export const sheetPath = (locale: SupportedLocale): string => join(REVIEW_DIR, `${locale}.csv`);

if (require.main === module) {
  mkdirSync(REVIEW_DIR, { recursive: true });
  for (const locale of SUPPORTED_LOCALES) {
    try {
      writeFileSync(sheetPath(locale), renderSheet(locale));
    } catch (error) {
      process.stderr.write(`${locale}: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}
