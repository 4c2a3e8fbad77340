import { readFileSync } from 'node:fs';
import { SUPPORTED_LOCALES } from '../src/i18n/locales';
import { renderSheet, sheetPath } from '../scripts/review-sheets';

describe('docs/review, the sheets a native-speaking clinician reviews each locale from', () => {
  it.each(SUPPORTED_LOCALES)('%s is up to date with its resources (run `npm run review-sheets`)', (locale) => {
    const sheet = renderSheet(locale);
    expect(readFileSync(sheetPath(locale), 'utf8') === sheet ? 'up to date' : 'stale: run npm run review-sheets').toBe('up to date');
    const rows = sheet.trimEnd().split('\n');
    expect(rows[0]).toBe(`key,rule,source,English (meaning),${locale},reviewed (yes/no),comment`);
    // Every question and cause is there with its rule and source.
    expect(sheet).toMatch(/question\.breathing\.ask,question breathing,"?CLINICAL\.md/);
    expect(sheet).toMatch(/cause\.caudaEquina\.name,cause caudaEquina,/);
  });
});
