// The module object itself, which src/skill/log-sink.ts's `writeSync` is called through: `import * as`
// (esModuleInterop) would give a copy with getters, which jest cannot spy on.
import fs from 'node:fs';
import { sinkFor } from '../src/skill/log-sink';

/**
 * Where the log's lines land. On Lambda, CloudWatch reads a metric line as EMF only when it is on standard output by
 * itself, without the request-id prefix console.log adds, so metric lines go to file descriptor 1 directly; what a
 * full pipe refuses goes through process.stdout, which waits for room, so no metric line is lost. Request log lines
 * keep console.log. Off Lambda both share process.stdout, and LOG_LEVEL=silent writes nothing at all.
 * src/skill/log.ts takes its sink from the environment its process starts in: sinkFor(process.env).
 */

const METRIC_LINE = '{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[]},"Requests":1}';
const REQUEST_LINE = JSON.stringify({
  level: 'info',
  requestId: 'amzn1.echo-api.request.1',
  locale: 'en-GB',
  requestType: 'LaunchRequest',
});

/** The sink a process started in this environment logs to, then every way out spied on and kept off the terminal. */
function sinkIn(env: NodeJS.ProcessEnv) {
  const sink = sinkFor(env);
  const fd = jest
    .spyOn(fs, 'writeSync')
    .mockImplementation(((_fd: number, data: NodeJS.ArrayBufferView) => data.byteLength) as typeof fs.writeSync);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const consoleLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  return { sink, fd, stdout, consoleLog };
}

const ON_LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: 'triage-skill' };

/** What a write call carried, as text; a string (rather than bytes) shows as such, and so fails the comparison. */
const asText = (data: unknown) => (data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : `not bytes: ${String(data)}`);
const writes = (spy: jest.SpyInstance) => spy.mock.calls.map(([target, data]: unknown[]) => [target, asText(data)]);
const streamed = (spy: jest.SpyInstance) => spy.mock.calls.map(([data]: unknown[]) => asText(data));

afterEach(() => jest.restoreAllMocks());

describe('on Lambda', () => {
  test('a metric line goes to file descriptor 1 whole, once, with its newline, and nowhere else', () => {
    const { sink, fd, stdout, consoleLog } = sinkIn(ON_LAMBDA);
    sink(METRIC_LINE, 'metrics');
    expect(writes(fd)).toEqual([[1, `${METRIC_LINE}\n`]]);
    expect(stdout).not.toHaveBeenCalled();
    expect(consoleLog).not.toHaveBeenCalled();
  });

  test('a request log line goes through console.log, never to file descriptor 1 directly', () => {
    const { sink, fd, stdout, consoleLog } = sinkIn(ON_LAMBDA);
    sink(REQUEST_LINE);
    expect(consoleLog.mock.calls).toEqual([[REQUEST_LINE]]);
    expect(fd).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
  });

  test('a metric line a full pipe refuses (EAGAIN) goes whole to process.stdout, which waits for room', () => {
    const { sink, fd, stdout } = sinkIn(ON_LAMBDA);
    fd.mockImplementation(() => {
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
    });
    sink(METRIC_LINE, 'metrics');
    expect(fd).toHaveBeenCalledTimes(1);
    expect(streamed(stdout)).toEqual([`${METRIC_LINE}\n`]);
  });

  test('of a metric line written only in part, exactly the rest goes to process.stdout', () => {
    const { sink, fd, stdout } = sinkIn(ON_LAMBDA);
    fd.mockReturnValue(5);
    sink(METRIC_LINE, 'metrics');
    expect(writes(fd)).toEqual([[1, `${METRIC_LINE}\n`]]);
    expect(streamed(stdout)).toEqual([`${METRIC_LINE}\n`.slice(5)]);
  });
});

test('off Lambda, a metric line goes whole to process.stdout, not to file descriptor 1 directly', () => {
  const { sink, fd, stdout, consoleLog } = sinkIn({});
  sink(METRIC_LINE, 'metrics');
  expect(streamed(stdout)).toEqual([`${METRIC_LINE}\n`]);
  expect(fd).not.toHaveBeenCalled();
  expect(consoleLog).not.toHaveBeenCalled();
});

test.each([true, false])('with LOG_LEVEL=silent (on Lambda: %s), neither a log line nor a metric line is written anywhere', (lambda) => {
  const { sink, fd, stdout, consoleLog } = sinkIn({ ...(lambda ? ON_LAMBDA : {}), LOG_LEVEL: 'silent' });
  sink(REQUEST_LINE);
  sink(METRIC_LINE, 'metrics');
  expect(fd).not.toHaveBeenCalled();
  expect(stdout).not.toHaveBeenCalled();
  expect(consoleLog).not.toHaveBeenCalled();
});
