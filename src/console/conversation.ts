import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { intentRequest, launchRequest, sessionEndedRequest, type SessionInfo, type SlotValues } from './envelopes';
import { createRecogniser, type Recogniser } from './matcher';

export type Handler = (event: RequestEnvelope) => Promise<ResponseEnvelope>;

export interface Reply {
  /** What Alexa says, as plain text. */
  speech: string;
  reprompt?: string;
  card?: { title: string; content: string };
  sessionEnded: boolean;
  response: ResponseEnvelope;
}

/** Plain text of an SSML response, as a listener would hear it. */
export function speechText(ssml: string | undefined): string {
  return (ssml ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A conversation with the real handler: typed utterances become request envelopes,
 * session attributes are carried from one response to the next request, as Alexa does.
 */
export function createConversation(locale: string, handler: Handler, recogniser: Recogniser = createRecogniser(locale)) {
  let session: SessionInfo | undefined;
  let sessions = 0;

  function newSession(): SessionInfo {
    sessions += 1;
    return { sessionId: `amzn1.echo-api.session.local-${sessions}`, isNew: true, attributes: {} };
  }

  async function send(envelope: RequestEnvelope, current: SessionInfo): Promise<Reply> {
    const response = await handler(envelope);
    const body = response.response;
    const sessionEnded = body.shouldEndSession !== false;
    session = sessionEnded ? undefined : { ...current, isNew: false, attributes: response.sessionAttributes ?? {} };
    const outputSpeech = body.outputSpeech;
    const reprompt = body.reprompt?.outputSpeech;
    const card = body.card?.type === 'Simple' ? { title: body.card.title ?? '', content: body.card.content ?? '' } : undefined;
    return {
      speech: speechText(outputSpeech?.type === 'SSML' ? outputSpeech.ssml : outputSpeech?.text),
      ...(reprompt ? { reprompt: speechText(reprompt.type === 'SSML' ? reprompt.ssml : reprompt.text) } : {}),
      ...(card ? { card } : {}),
      sessionEnded,
      response,
    };
  }

  async function launch(): Promise<Reply> {
    const fresh = newSession();
    return send(launchRequest(locale, fresh), fresh);
  }

  /** One thing the person says. With no session open it starts one, as "Alexa, ask leg pain guide …" would. */
  async function say(utterance: string): Promise<Reply> {
    const heard = recogniser.recognise(utterance);
    if (heard.kind === 'launch') {
      await end();
      return launch();
    }
    if (heard.kind === 'oneShot') await end();
    const current = heard.kind === 'oneShot' || !session ? newSession() : session;
    return send(intentRequest(locale, current, heard.match.intent, heard.match.slots), current);
  }

  /** Sends an intent as if recognised, in the open session or a new one. */
  async function sendIntent(name: string, slots: SlotValues = {}): Promise<Reply> {
    const current = session ?? newSession();
    return send(intentRequest(locale, current, name, slots), current);
  }

  /** Closes an open session the way Alexa does when the person walks away. */
  async function end(): Promise<void> {
    if (!session) return;
    const closing = session;
    session = undefined;
    await handler(sessionEndedRequest(locale, closing));
  }

  /** True for "open leg pain guide" or "ask leg pain guide …", which start a session themselves. */
  const opensSkill = (utterance: string): boolean => recogniser.recognise(utterance).kind !== 'inSession';

  return { launch, say, sendIntent, end, opensSkill };
}

export type Conversation = ReturnType<typeof createConversation>;
