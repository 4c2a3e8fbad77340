import type { TFunction } from 'i18next';
import { remembered, type TranslateOptions } from '../src/i18n/remembered';

/** A stand-in for i18next's t that says which key and options it was given, and counts how often it was asked. */
function counted() {
  const asked: string[] = [];
  const t = ((key: string, options?: TranslateOptions) => {
    const text = `${key} ${JSON.stringify(options ?? {})}`;
    asked.push(text);
    return text;
  }) as TFunction;
  return { t, asked };
}

describe('a translation remembered', () => {
  it('is worked out once, and said the same each time after', () => {
    const { t, asked } = counted();
    const translate = remembered(t);
    const first = [translate('welcome'), translate('outcome.likely', { cause: 'gout' })];
    const again = [translate('welcome'), translate('outcome.likely', { cause: 'gout' })];
    expect(again).toEqual(first);
    expect(asked).toEqual(first);
  });

  it('is its own for each option, even where joining them would read the same', () => {
    const { t, asked } = counted();
    const translate = remembered(t);
    const options: TranslateOptions[] = [
      { context: 'a|', cause: 'b' },
      { context: 'a', cause: '|b' },
      { list: 'a' },
      { cause: 'a' },
      { count: 1 },
      { total: 1 },
      {},
    ];
    for (const option of options) translate('key', option);
    expect(asked).toHaveLength(options.length);
    expect(options.map((option) => translate('key', option))).toEqual(asked);
  });

  it('stops remembering at its limit, and goes on translating', () => {
    const { t, asked } = counted();
    const translate = remembered(t, 2);
    for (const key of ['a', 'b', 'c', 'a', 'b', 'c']) translate(key);
    expect(asked.map((text) => text.split(' ')[0])).toEqual(['a', 'b', 'c', 'c']);
  });
});
