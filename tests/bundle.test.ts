import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle, BUNDLE } from '../scripts/bundle';

describe('npm run build', () => {
  let bytes = 0;
  beforeAll(async () => {
    bytes = await bundle();
  }, 60_000);

  it('writes one self-contained file whose async handler answers Alexa', () => {
    // A copy far from node_modules, in a fresh Node process: the bundle must carry everything it needs.
    const alone = join(mkdtempSync(join(tmpdir(), 'lambda-')), 'index.js');
    copyFileSync(BUNDLE, alone);
    const script = `
      const { handler } = require(${JSON.stringify(alone)});
      const event = { version: '1.0',
        session: { new: true, sessionId: 's', application: { applicationId: 'a' }, attributes: {}, user: { userId: 'u' } },
        context: { System: { application: { applicationId: 'a' }, user: { userId: 'u' } } },
        request: { type: 'LaunchRequest', requestId: 'r', timestamp: new Date().toISOString(), locale: 'en-GB' } };
      const result = handler(event, {});
      if (!(result instanceof Promise)) throw new Error('handler is not async');
      result.then((r) => process.stdout.write(JSON.stringify(r)));`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: '/', env: { PATH: process.env.PATH ?? '' } }).toString();
    const response = JSON.parse(output.split('\n').at(-1)!) as { response: { outputSpeech: { ssml: string } } };
    expect(response.response.outputSpeech.ssml).toContain('<say-as interpret-as="digits">999</say-as>');
  });

  it('stays small enough for a fast cold start', () => {
    expect(bytes).toBeLessThan(300 * 1024);
  });
});
