import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResponseEnvelope } from 'ask-sdk-model';

/**
 * Writes `code` as index.js in a new temp directory, far from node_modules, loads it in a fresh Node process as
 * Lambda would, and sends its `handler` a LaunchRequest. Returns the response; throws if the handler is not async.
 */
export function launchAlone(code: Buffer, locale = 'en-GB'): ResponseEnvelope {
  const file = join(mkdtempSync(join(tmpdir(), 'lambda-')), 'index.js');
  writeFileSync(file, code);
  const script = `
    const { handler } = require(${JSON.stringify(file)});
    const event = { version: '1.0',
      session: { new: true, sessionId: 's', application: { applicationId: 'a' }, attributes: {}, user: { userId: 'u' } },
      context: { System: { application: { applicationId: 'a' }, user: { userId: 'u' } } },
      request: { type: 'LaunchRequest', requestId: 'r', timestamp: new Date().toISOString(), locale: ${JSON.stringify(locale)} } };
    const result = handler(event, {});
    if (!(result instanceof Promise)) throw new Error('handler is not async');
    result.then((r) => process.stdout.write(JSON.stringify(r)));`;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: '/', env: { PATH: process.env.PATH ?? '' } }).toString();
  return JSON.parse(output.split('\n').at(-1)!) as ResponseEnvelope;
}
