import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { intentRequest, launchRequest, type SessionInfo, type SlotValues } from '../src/console/envelopes';
import { engine } from '../src/rules';

export type Handler = (event: RequestEnvelope) => Promise<ResponseEnvelope>;

export const LOCALE = 'en-US';
const YES = 'AMAZON.YesIntent';
const NO = 'AMAZON.NoIntent';

/** One thing the listener says: an intent and its slots. */
export interface Said {
  intent: string;
  slots?: SlotValues;
}

/** The README's night-cramps path: "no" to every question, "a cramp" to the open question, then "yes" twice to hear more. */
export function conversationIntents(): Said[] {
  const { replies } = engine.walk(
    () => 'no',
    () => 'cramp',
  );
  const said = replies.map((r): Said =>
    'question' in r
      ? { intent: r.answer === 'yes' ? YES : NO }
      : { intent: 'DescribeLegPainIntent', slots: { feel: { value: r.described, id: r.described } } },
  );
  return [...said, { intent: YES }, { intent: YES }];
}

const newSession = (): SessionInfo => ({ sessionId: 'amzn1.echo-api.session.bench', isNew: true, attributes: {} });

export const launchEnvelope = (): RequestEnvelope => launchRequest(LOCALE, newSession());

/**
 * Launch, then each intent, carrying session attributes from each response into the next request as Alexa does.
 * `time` gets each request's handler time in microseconds (envelopes are built outside the timing).
 */
export async function converse(handler: Handler, intents: readonly Said[], time: (us: number) => void): Promise<ResponseEnvelope[]> {
  let session = newSession();
  const responses: ResponseEnvelope[] = [];
  for (let turn = 0; turn <= intents.length; turn += 1) {
    const said = intents[turn - 1];
    const request = said === undefined ? launchRequest(LOCALE, session) : intentRequest(LOCALE, session, said.intent, said.slots);
    const start = process.hrtime.bigint();
    const response = await handler(request);
    time(Number(process.hrtime.bigint() - start) / 1000);
    if (response.response.shouldEndSession !== false && turn < intents.length) throw new Error(`The session ended at turn ${turn}`);
    responses.push(response);
    session = { ...session, isNew: false, attributes: response.sessionAttributes ?? {} };
  }
  return responses;
}

/** What a listener hears from each response, for checking that two skills hold the same conversation. */
export const transcript = (responses: readonly ResponseEnvelope[]): string[] =>
  responses.map((r) => {
    const speech = r.response.outputSpeech;
    return speech?.type === 'SSML' ? speech.ssml : (speech?.text ?? '');
  });
