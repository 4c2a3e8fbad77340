import { readFileSync } from 'node:fs';
import { bundle, BUNDLE } from '../scripts/bundle';
import { launchAlone } from './helpers/fresh-node';

describe('npm run build', () => {
  let bytes = 0;
  beforeAll(async () => {
    bytes = await bundle();
  }, 60_000);

  it('writes one self-contained file whose async handler answers Alexa', () => {
    // A copy far from node_modules, in a fresh Node process: the bundle must carry everything it needs.
    const response = launchAlone(readFileSync(BUNDLE));
    expect(response.response.outputSpeech).toEqual(
      expect.objectContaining({ ssml: expect.stringContaining('<say-as interpret-as="digits">999</say-as>') }),
    );
  });

  it('stays small enough for a fast cold start', () => {
    expect(bytes).toBeLessThanOrEqual(250 * 1024);
  });
});
