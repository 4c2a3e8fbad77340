import { fingerprint, loadValidated } from '../src/rules/fingerprint';

describe('the check that the bundled rules are the rules validated at build', () => {
  const json = JSON.stringify({ questions: [{ id: 'breathing', level: 'emergency' }], causes: [] });

  it('reads the rules when the text is the text fingerprinted', () => {
    expect(loadValidated(json, fingerprint(json))).toEqual(JSON.parse(json));
  });

  it('refuses a text whose length changed, as a changed level or id changes it', () => {
    const edited = json.replace('"emergency"', '"selfcare"');
    expect(() => loadValidated(edited, fingerprint(json))).toThrow(/not the rules validated at build/);
    expect(() => loadValidated(`${json} `, fingerprint(json))).toThrow(/not the rules validated at build/);
  });

  it('refuses a same-length change at a character it reads', () => {
    const edited = `x${json.slice(1)}`;
    expect(edited.length).toBe(json.length);
    expect(fingerprint(edited)).not.toBe(fingerprint(json));
  });

  it('is eight hex digits, the same for the same text', () => {
    expect(fingerprint(json)).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint(json)).toBe(fingerprint(String(json)));
    expect(fingerprint('')).not.toBe(fingerprint('a'));
    // A hash below 0x10000000 keeps its leading zero.
    expect(fingerprint('xHyyyyyyyyyyyyT')).toBe('01cf192b');
  });
});
