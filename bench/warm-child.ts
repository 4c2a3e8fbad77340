/** One skill in its own process, running whole conversations when the parent says so (see warm.ts). */
import type { LambdaHandler } from 'ask-sdk-core';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { conversationIntents, converse, transcript, type Handler } from './conversation';

export type Command = { run: number; record: boolean } | { finish: true };
export type Report = { ran: number } | { samples: number[]; transcript: string[] } | { error: string };

/** An async handler(event, context) as it is; the SDK's callback-style `.lambda()` (three parameters) wrapped. */
function load(path: string): Handler {
  const exported = (require(path) as { handler: Handler | LambdaHandler }).handler;
  if (exported.length < 3) return exported as Handler;
  const lambda = exported as LambdaHandler;
  return (event) =>
    new Promise<ResponseEnvelope>((resolve, reject) =>
      lambda(event, {}, (error, result?: ResponseEnvelope) => (error ? reject(error) : resolve(result!))),
    );
}

const [path = ''] = process.argv.slice(2);
const send = (report: Report) => process.send!(report);
const consoleLog = console.log;
// Both skills write log lines with console.log; silenced so the terminal costs neither anything.
console.log = () => {};
const handler = load(path);
const intents = conversationIntents();
const samples: number[] = [];
let heard: string[] = [];

process.on('message', (command: Command) => {
  if ('finish' in command) {
    console.log = consoleLog;
    send({ samples, transcript: heard });
    process.disconnect();
    return;
  }
  void (async () => {
    for (let i = 0; i < command.run; i += 1) {
      const responses = await converse(handler, intents, command.record ? (us) => samples.push(us) : () => {});
      if (heard.length === 0) heard = transcript(responses);
    }
    send({ ran: command.run });
  })().catch((error: unknown) => send({ error: String(error instanceof Error ? error.stack : error) }));
});
