/**
 * `npm run simulate-week`: a week of conversations in the 17 locales through the real Lambda handler, from simulated
 * people (src/console/simulate.ts: some give up half-way, some are not understood, some use the screen, some ask for
 * help, some take a reminder, set against a local stand-in of the Alexa API), written as the log lines the skill
 * writes, so that the report and the dashboard can be seen without Alexa:
 *
 *   npm run -s simulate-week -- --out week.jsonl && npm run report -- week.jsonl --html week.html
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { handler } from '../lambda/index';
import { startAlexaApi } from '../src/console/alexa-api';
import { randomSource, simulateConversations } from '../src/console/simulate';
import { exitWithUsage, readCommandLine } from '../src/command-line';
import { setLogSink } from '../src/skill/log';

const USAGE = `Usage: npm run simulate-week -- [--conversations <n>] [--seed <n>] [--out <file>] [--format lines|events]

Drives <n> simulated conversations (default 3000) spread over the last seven days, in the 17 locales, through the
real handler, and writes the log lines it writes, request lines and metric lines, to <file> (default: standard
output). --format events writes them as aws logs filter-log-events prints them, request lines with Lambda's
text-format prefix. The same seed (default 1) gives the same conversations.

  -h, --help   this text`;

const DAY = 86_400_000;

/** When a conversation starts: mostly at night, as the skill is for people in bed. */
function nightTime(random: () => number, weekStart: number): number {
  const day = Math.floor(random() * 7);
  // 21:00 to 05:00 for four in five, any hour for the rest.
  const hour = random() < 0.8 ? (21 + random() * 8) % 24 : random() * 24;
  return weekStart + day * DAY + hour * 3_600_000;
}

async function main(): Promise<void> {
  const { values } = readCommandLine(USAGE, {
    conversations: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    format: { type: 'string', default: 'lines' },
  });
  const conversations = Number(values.conversations);
  const seed = Number(values.seed);
  if (!Number.isInteger(conversations) || conversations < 1)
    exitWithUsage(USAGE, `--conversations takes a whole number, not "${values.conversations}"`);
  if (!Number.isInteger(seed)) exitWithUsage(USAGE, `--seed takes a whole number, not "${values.seed}"`);
  if (values.format !== 'lines' && values.format !== 'events') exitWithUsage(USAGE, `--format is lines or events, not "${values.format}"`);

  const out = values.out ? createWriteStream(values.out) : process.stdout;
  const events = values.format === 'events';
  const clock = randomSource(seed + 1);
  const weekStart = Math.floor(Date.now() / DAY) * DAY - 7 * DAY;
  let now = weekStart;
  let written = 0;
  const invocation = { id: randomUUID() };
  const stream = `2026/12/01/[$LATEST]${randomUUID().replaceAll('-', '')}`;

  const write = (line: string, kind?: 'metrics') => {
    now += 1 + Math.floor(clock() * 4);
    const stamped = kind === 'metrics' ? line.replace(/"Timestamp":\d+/, `"Timestamp":${now}`) : line;
    if (!events) {
      out.write(`${stamped}\n`);
      return;
    }
    // As CloudWatch Logs holds them: metric lines as written, request lines behind Lambda's text-format prefix.
    const message = kind === 'metrics' ? stamped : `${new Date(now).toISOString()}\t${invocation.id}\tINFO\t${stamped}`;
    out.write(
      `${written === 0 ? '' : ',\n'}${JSON.stringify({ logStreamName: stream, timestamp: now, message, ingestionTime: now + 200, eventId: String(written) })}`,
    );
    written += 1;
  };
  setLogSink(write);
  if (events) out.write('{"events":[\n');

  // Each conversation's start, in order, so that the lines come in the order CloudWatch would hold them.
  const starts = Array.from({ length: conversations }, () => nightTime(clock, weekStart)).sort((a, b) => a - b);
  const api = await startAlexaApi({ timeZone: 'Europe/Berlin' });
  const started = Date.now();
  try {
    const summary = await simulateConversations({
      conversations,
      seed,
      handler: (envelope) => {
        invocation.id = randomUUID();
        now += 4_000 + Math.floor(clock() * 9_000);
        return handler(envelope);
      },
      apiEndpoint: api.endpoint,
      reminderBehaviour: (reminders) => api.set({ reminders }),
      onConversation: (index) => {
        now = Math.max(now, starts[index]!);
      },
      onProgress: (done) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${done} of ${conversations} conversations\x1b[K`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stderr.write(
      `${summary.conversations} conversations, ${summary.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        `${values.out ? `: ${values.out}` : ''}\n`,
    );
  } finally {
    await api.close();
  }
  if (events) out.write('\n],"searchedLogStreams":[]}\n');
  if (out !== process.stdout) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(resolve));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
