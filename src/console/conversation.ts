import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { RENDER_DOCUMENT } from '../screen/directive';
import type { ScreenButton, ScreenView } from '../screen/view';
import {
  consentResponseRequest,
  intentRequest,
  launchRequest,
  sessionEndedRequest,
  userEventRequest,
  type AlexaContext,
  type Device,
  type SessionEnd,
  type SessionInfo,
  type SlotValues,
} from './envelopes';
import { createRecogniser, normalise, type Recogniser } from './matcher';

export type Handler = (event: RequestEnvelope) => Promise<ResponseEnvelope>;

export interface Reply {
  /** What Alexa says, as plain text. */
  speech: string;
  reprompt?: string;
  card?: { title: string; content: string };
  /** What a screen device shows for this response, and the token its touches carry. */
  screen?: { token: string; view: ScreenView };
  /** The skill asked Alexa to ask for the reminders permission (Connections.SendRequest AskFor), with this token. */
  consent?: { token: string };
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
export function createConversation(
  locale: string,
  handler: Handler,
  /** What understands typed words; made on the first one typed when not given (intents and touches need none). */
  given?: Recogniser,
  deviceOrContext: Device | AlexaContext = 'speaker',
) {
  let recogniser = given;
  const understand = () => (recogniser ??= createRecogniser(locale));
  let session: SessionInfo | undefined;
  let sessions = 0;
  let shown: Reply['screen'];
  const context: AlexaContext = typeof deviceOrContext === 'string' ? { device: deviceOrContext } : { ...deviceOrContext };
  const device = context;

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
    const screen = screenOf(response);
    if (screen) shown = screen;
    const asked = body.directives?.find((d) => d.type === 'Connections.SendRequest') as { token?: string } | undefined;
    return {
      speech: speechText(outputSpeech?.type === 'SSML' ? outputSpeech.ssml : outputSpeech?.text),
      ...(reprompt ? { reprompt: speechText(reprompt.type === 'SSML' ? reprompt.ssml : reprompt.text) } : {}),
      ...(card ? { card } : {}),
      ...(screen ? { screen } : {}),
      ...(asked ? { consent: { token: asked.token ?? '' } } : {}),
      sessionEnded,
      response,
    };
  }

  async function launch(): Promise<Reply> {
    const fresh = newSession();
    return send(launchRequest(locale, fresh, device), fresh);
  }

  /** One thing the person says. With no session open it starts one, as "Alexa, ask leg pain guide …" would. */
  async function say(utterance: string): Promise<Reply> {
    const heard = await understand().recognise(utterance);
    if (heard.kind === 'launch') {
      await end();
      return launch();
    }
    if (heard.kind === 'oneShot') await end();
    const current = heard.kind === 'oneShot' || !session ? newSession() : session;
    return send(intentRequest(locale, current, heard.match.intent, heard.match.slots, device), current);
  }

  /** Sends an intent as if recognised, in the open session or a new one. */
  async function sendIntent(name: string, slots: SlotValues = {}): Promise<Reply> {
    const current = session ?? newSession();
    return send(intentRequest(locale, current, name, slots, device), current);
  }

  /**
   * Alexa's consent question answered: the skill gets a Connections.Response, in a new session as Alexa sends
   * it; once accepted, later requests carry the granted permission.
   */
  async function answerConsent(token: string, answer: 'ACCEPTED' | 'DENIED' | 'NOT_ANSWERED'): Promise<Reply> {
    if (answer === 'ACCEPTED') context.remindersGranted = true;
    const fresh = newSession();
    return send(consentResponseRequest(locale, fresh, token, answer, context), fresh);
  }

  /** The buttons on the screen now shown, if any. */
  const buttons = (): readonly ScreenButton[] => shown?.view.buttons ?? [];

  /**
   * A touch on the button whose label, value or action is `label` ("yes", "not sure", "cramp", "tonight"),
   * sent as Alexa sends it: a UserEvent with the shown document's token. Undefined when no such button is shown.
   */
  async function tap(label: string): Promise<Reply | undefined> {
    const wanted = normalise(label);
    const pressed = buttons().find((b) => [b.text, b.value, b.action].some((name) => normalise(name) === wanted));
    if (!pressed || !shown) return undefined;
    return touch(shown.token, [pressed.action, pressed.value]);
  }

  /** Any touch event, well-formed or not: for tests of what the skill does with stale or crafted touches. */
  async function touch(token: string, args: unknown[]): Promise<Reply> {
    const current = session ?? newSession();
    return send(userEventRequest(locale, current, token, args), current);
  }

  /** Closes an open session the way Alexa does when the person walks away (or says "exit", or falls silent, `why`). */
  async function end(why?: SessionEnd): Promise<void> {
    if (!session) return;
    const closing = session;
    session = undefined;
    await handler(sessionEndedRequest(locale, closing, device, why));
  }

  return { launch, say, sendIntent, tap, touch, buttons, answerConsent, end, opensSkill: (text: string) => understand().opensSkill(text) };
}

export type Conversation = ReturnType<typeof createConversation>;

function screenOf(response: ResponseEnvelope): Reply['screen'] {
  const directive = response.response.directives?.find((d) => d.type === RENDER_DOCUMENT) as
    { token?: string; datasources?: { screen?: ScreenView } } | undefined;
  const view = directive?.datasources?.screen;
  return directive && view ? { token: directive.token ?? '', view } : undefined;
}
