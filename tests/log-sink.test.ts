// The module object itself, which log.ts's `writeSync` is called through: `import * as` (esModuleInterop) would give a
// copy with getters, which jest cannot spy on.
import fs from 'node:fs';
import { loadFresh } from './helpers/fresh-module';

/**
 * Where the log's lines land. On Lambda, CloudWatch reads a metric line as EMF only when it is on standard output by
 * itself, without the request-id prefix console.log adds, so metric lines go to file descriptor 1 directly; what a
 * full pipe refuses goes through process.stdout, which waits for room, so no metric line is lost. Request log lines
 * keep console.log. Off Lambda both share process.stdout, and LOG_LEVEL=silent writes nothing at all.
 * The sink is chosen when the module loads, so each test sets the environment and then loads it afresh.
 */

const METRIC_LINE = '{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[]},"Requests":1}';
const SAVED = { AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME, LOG_LEVEL: process.env.LOG_LEVEL };

function setEnv(name: keyof typeof SAVED, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/**
 * The log module as a cold start in this environment loads it, then every way out spied on and kept off the terminal.
 * The spies come after the load: loading may compile, and ts-jest writes its cache with fs.writeSync.
 */
function loadLog(env: { lambda: boolean; level?: string }) {
  setEnv('AWS_LAMBDA_FUNCTION_NAME', env.lambda ? 'triage-skill' : undefined);
  setEnv('LOG_LEVEL', env.level);
  const log = loadFresh<typeof import('../src/skill/log')>('../../src/skill/log');
  const fd = jest
    .spyOn(fs, 'writeSync')
    .mockImplementation(((_fd: number, data: NodeJS.ArrayBufferView) => data.byteLength) as typeof fs.writeSync);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  return { log, fd, stdout, consoleLog };
}

/** What a write call carried, as text; a string (rather than bytes) shows as such, and so fails the comparison. */
const asText = (data: unknown) => (data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : `not bytes: ${String(data)}`);
const writes = (spy: jest.SpyInstance) => spy.mock.calls.map(([target, data]: unknown[]) => [target, asText(data)]);
const streamed = (spy: jest.SpyInstance) => spy.mock.calls.map(([data]: unknown[]) => asText(data));

afterEach(() => {
  jest.restoreAllMocks();
  setEnv('AWS_LAMBDA_FUNCTION_NAME', SAVED.AWS_LAMBDA_FUNCTION_NAME);
  setEnv('LOG_LEVEL', SAVED.LOG_LEVEL);
});

describe('on Lambda', () => {
  test('a metric line goes to file descriptor 1 whole, once, with its newline, and nowhere else', () => {
    const { log, fd, stdout, consoleLog } = loadLog({ lambda: true });
    log.logMetrics(METRIC_LINE);
    expect(writes(fd)).toEqual([[1, `${METRIC_LINE}\n`]]);
    expect(stdout).not.toHaveBeenCalled();
    expect(consoleLog).not.toHaveBeenCalled();
  });

  test('a request log line goes through console.log, never to file descriptor 1 directly', () => {
    const { log, fd, stdout, consoleLog } = loadLog({ lambda: true });
    log.logRequest({ requestId: 'amzn1.echo-api.request.1', locale: 'en-GB', requestType: 'LaunchRequest', latencyMs: 12 });
    expect(consoleLog.mock.calls).toEqual([
      [
        JSON.stringify({
          level: 'info',
          requestId: 'amzn1.echo-api.request.1',
          locale: 'en-GB',
          requestType: 'LaunchRequest',
          latencyMs: 12,
        }),
      ],
    ]);
    expect(fd).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
  });

  test('a metric line a full pipe refuses (EAGAIN) goes whole to process.stdout, which waits for room', () => {
    const { log, fd, stdout } = loadLog({ lambda: true });
    fd.mockImplementation(() => {
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
    });
    log.logMetrics(METRIC_LINE);
    expect(fd).toHaveBeenCalledTimes(1);
    expect(streamed(stdout)).toEqual([`${METRIC_LINE}\n`]);
  });

  test('of a metric line written only in part, exactly the rest goes to process.stdout', () => {
    const { log, fd, stdout } = loadLog({ lambda: true });
    fd.mockReturnValue(5);
    log.logMetrics(METRIC_LINE);
    expect(writes(fd)).toEqual([[1, `${METRIC_LINE}\n`]]);
    expect(streamed(stdout)).toEqual([`${METRIC_LINE}\n`.slice(5)]);
  });
});

test('off Lambda, a metric line goes whole to process.stdout, not to file descriptor 1 directly', () => {
  const { log, fd, stdout, consoleLog } = loadLog({ lambda: false });
  log.logMetrics(METRIC_LINE);
  expect(streamed(stdout)).toEqual([`${METRIC_LINE}\n`]);
  expect(fd).not.toHaveBeenCalled();
  expect(consoleLog).not.toHaveBeenCalled();
});

test.each([true, false])('with LOG_LEVEL=silent (on Lambda: %s), neither a log line nor a metric line is written anywhere', (lambda) => {
  const { log, fd, stdout, consoleLog } = loadLog({ lambda, level: 'silent' });
  log.logRequest({ requestId: 'amzn1.echo-api.request.1', locale: 'en-GB', requestType: 'LaunchRequest' });
  log.logMetrics(METRIC_LINE);
  expect(fd).not.toHaveBeenCalled();
  expect(stdout).not.toHaveBeenCalled();
  expect(consoleLog).not.toHaveBeenCalled();
});
