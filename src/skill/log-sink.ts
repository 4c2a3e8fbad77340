import { writeSync } from 'node:fs';

/**
 * Where log lines go. `kind` is 'metrics' for a metric line (src/skill/metrics.ts): written to standard output as it
 * is, so that Lambda adds no request id to it (console.log's prefix would) and CloudWatch reads it as EMF.
 */
export type LogSink = (line: string, kind?: 'metrics') => void;

/**
 * On Lambda, console.log writes to the runtime's own log descriptor with fs.writeSync, and process.stdout would be
 * made for metric lines alone (milliseconds of a cold start): they go to file descriptor 1 the same way, one system
 * call. Elsewhere console.log has made process.stdout already, and they share it.
 */
function writeOut(line: string, onLambda: boolean): void {
  const bytes = Buffer.from(`${line}\n`);
  let written = 0;
  if (onLambda) {
    try {
      written = writeSync(1, bytes);
    } catch {
      // EAGAIN on a full non-blocking pipe: the stream below waits for room.
    }
  }
  if (written < bytes.length) process.stdout.write(bytes.subarray(written));
}

/**
 * The sink for the environment a process starts in. LOG_LEVEL=silent turns the log off (the tests on other Node.js
 * versions use it).
 */
export function sinkFor(env: NodeJS.ProcessEnv): LogSink {
  if (env.LOG_LEVEL === 'silent') return () => undefined;
  const onLambda = Boolean(env.AWS_LAMBDA_FUNCTION_NAME);
  return (line, kind) => (kind === 'metrics' ? writeOut(line, onLambda) : console.log(line));
}
