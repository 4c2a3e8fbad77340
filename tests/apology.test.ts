import * as json from '../src/read-json';
import { apology } from '../src/skill/apology';

/** The last resort (src/skill/apology.ts), when a deployment is damaged: still an apology in the listener's language. */
describe('the last-resort apology', () => {
  afterEach(() => jest.restoreAllMocks());

  it("comes in the listener's language when the locale's own resources cannot be read", () => {
    const read = json.readJsonBeside;
    jest.spyOn(json, 'readJsonBeside').mockImplementation((dir, name) => {
      if (name === 'locales/de-DE.json') throw new SyntaxError('Unexpected end of JSON input');
      return read(dir, name);
    });
    const response = apology('de-DE');
    expect(response.outputSpeech).toEqual(expect.objectContaining({ ssml: expect.stringMatching(/^<speak>Entschuldigung/) }));
    expect(response.shouldEndSession).toBe(true);
  });
});
