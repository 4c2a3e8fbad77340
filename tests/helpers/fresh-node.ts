import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ResponseEnvelope } from 'ask-sdk-model';

/** The files of a Lambda package by their path in it: `index.js`, `speech/en-US.json`, … */
export type PackageFiles = ReadonlyMap<string, Buffer>;

/**
 * Writes `files` in a new temp directory, far from node_modules, loads its index.js in a fresh Node process as
 * Lambda would, and sends its `handler` a LaunchRequest. Returns the response and the package files it loaded or
 * read (`index.js`, `speech/de-DE.json` …), and the log lines it wrote; throws if the handler is not async.
 */
export function launchAlone(files: PackageFiles, locale = 'en-GB'): { response: ResponseEnvelope; loaded: string[]; log: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-'));
  for (const [name, data] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  const script = `
    const dir = ${JSON.stringify(dir)};
    const fs = require('node:fs');
    const readFileSync = fs.readFileSync;
    const read = new Set();
    fs.readFileSync = function (path, ...rest) {
      if (String(path).startsWith(dir + '/')) read.add(String(path).slice(dir.length + 1));
      return readFileSync.call(this, path, ...rest);
    };
    const { handler } = require(dir + '/index.js');
    const event = { version: '1.0',
      session: { new: true, sessionId: 's', application: { applicationId: 'a' }, attributes: {}, user: { userId: 'u' } },
      context: { System: { application: { applicationId: 'a' }, user: { userId: 'u' } } },
      request: { type: 'LaunchRequest', requestId: 'r', timestamp: new Date().toISOString(), locale: ${JSON.stringify(locale)} } };
    const result = handler(event, {});
    if (!(result instanceof Promise)) throw new Error('handler is not async');
    result.then((response) => {
      const required = Object.keys(require.cache).filter((f) => f.startsWith(dir + '/')).map((f) => f.slice(dir.length + 1));
      const loaded = [...new Set([...required, ...read])].sort();
      process.stdout.write(JSON.stringify({ response, loaded }));
    });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: '/', env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  // A bundle that refuses to start: its own message, not Node's echo of a minified line.
  if (run.status !== 0) throw new Error(/^\w*Error: .*$/m.exec(run.stderr)?.[0] ?? `exited ${run.status}: ${run.stderr.slice(-500)}`);
  const lines = run.stdout.split('\n');
  return { ...(JSON.parse(lines.at(-1)!) as { response: ResponseEnvelope; loaded: string[] }), log: lines.slice(0, -1) };
}
