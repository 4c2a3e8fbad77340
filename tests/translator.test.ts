import { translatorFor } from '../src/i18n';

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
