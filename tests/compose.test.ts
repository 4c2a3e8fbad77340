import { composeResources } from '../src/i18n/compose';

describe("composing a locale's resources", () => {
  const language = {
    number: { emergency: 'your local emergency number' },
    emergency: { call: 'Call $t(number.emergency) now.', reprompt: '$t(emergency.call) Say repeat to hear it again.' },
    outcome: { likely: 'It may be $t(cause.{{cause}}.name).' },
    where: { soon: 'Book an appointment.' },
  };

  it('lays the overlay over its language, key by key, and resolves nestings through it', () => {
    const composed = composeResources(language, { number: { emergency: '<say-as interpret-as="digits">911</say-as>' } });
    expect(composed).toEqual({
      number: { emergency: '<say-as interpret-as="digits">911</say-as>' },
      emergency: {
        call: 'Call <say-as interpret-as="digits">911</say-as> now.',
        reprompt: 'Call <say-as interpret-as="digits">911</say-as> now. Say repeat to hear it again.',
      },
      outcome: { likely: 'It may be $t(cause.{{cause}}.name).' },
      where: { soon: 'Book an appointment.' },
    });
  });

  it('leaves the language it composes from as it was', () => {
    composeResources(language, { number: { emergency: '112' } });
    expect(language.emergency.call).toBe('Call $t(number.emergency) now.');
  });

  it('refuses a nesting of a missing key or of a branch, which i18next would speak as the key', () => {
    expect(() => composeResources({ a: 'Call $t(number.police).' })).toThrow('"$t(number.police)" nests a key that is not a string');
    expect(() => composeResources({ a: 'See $t(where).', where: { soon: 'x' } })).toThrow('"$t(where)" nests a key that is not a string');
  });

  it('refuses a nesting that leads back to itself', () => {
    expect(() => composeResources({ a: 'x $t(b)', b: 'y $t(a)' })).toThrow('"$t(b)" nests itself: b → a → b');
  });
});
