import { translatorFor } from '../src/i18n';

// First in this file: i18next is set up on the first translation of a module load, so a mistake in its options shows
// here (Stryker credits that setup to the first test of each file).
describe('interpolated text', () => {
  it('is spoken as written: markup and apostrophes in a value are not escaped as HTML', () => {
    const { t } = translatorFor('en-US');
    const list = `<sub alias="Raynaud's">Raynaud</sub> & "gout"`;
    expect(t('outcome.othersLead', { list })).toBe(`It could also be ${list}.`);
  });
});

/** A list the skill speaks ("gout, a cramp and sciatica") joined the way each language joins one. */
describe('a spoken list', () => {
  it.each([
    ['en-US', ', ', ' and '],
    ['de-DE', ', ', ' und '],
    ['ja-JP', '、', '、'],
  ])('in %s: nothing, one item alone, two with the last separator, three with both', (locale, separator, last) => {
    const { list, t } = translatorFor(locale);
    expect([t('list.separator'), t('list.lastSeparator')]).toEqual([separator, last]);
    expect(list([])).toBe('');
    expect(list(['gout'])).toBe('gout');
    expect(list(['gout', 'cramp'])).toBe(`gout${last}cramp`);
    expect(list(['gout', 'cramp', 'sciatica'])).toBe(`gout${separator}cramp${last}sciatica`);
  });
});

describe('a locale', () => {
  it('keeps its translations from one request to the next, its own and no other locale’s', () => {
    expect(translatorFor('en-GB').t).toBe(translatorFor('en-GB').t);
    expect(translatorFor('en-GB').t).not.toBe(translatorFor('en-US').t);
  });
});
