import type { HandlerInput } from './sdk';
import type { Response } from 'ask-sdk-model';
import { respondToLoaded, type Act, type DialogEvent, type Turn } from '../dialog/conversation';
import { loadState } from '../dialog/state';
import { translatorFor } from '../i18n';
import type { Level } from '../rules';
import { renderDirective, supportsScreen } from '../screen/directive';
import { screenToken } from '../screen/touch';
import { screenFor } from '../screen/view';
import { render } from '../speech/render';
import { OUTCOME_LOG, REMINDER_LOG } from './log';
import { countTurn, keepCounts } from './metrics';
import { acceptReminder, REMINDERS_SCOPE, type ReminderStep } from './reminder';

/**
 * Loads the session state, takes the dialog one turn, carries out what it asks of the world (a reminder), renders
 * it in the listener's language (and on the screen, when the device has one), saves the state.
 */
export async function respond(input: HandlerInput, event: DialogEvent, lead: Act[] = []): Promise<Response> {
  const attributes = input.requestEnvelope.session ? input.attributesManager.getSessionAttributes() : undefined;
  const loaded = loadState(attributes);
  const next = respondToLoaded(loaded, event);
  const turn = { ...next, acts: [...lead, ...next.acts] };
  keepCounts(input.attributesManager.getRequestAttributes(), countTurn(loaded, event, turn));
  if (turn.effect) {
    const step = await acceptReminder(input.requestEnvelope, turn.effect, translatorFor(input.requestEnvelope.request.locale));
    return respondWith(input, step.turn ?? { acts: [], state: null, end: true }, step);
  }
  if (turn.acts.some((act) => act.type === 'offer' && act.item.kind === 'reminder')) {
    input.attributesManager.getRequestAttributes()[REMINDER_LOG] = 'offered';
  }
  return respondWith(input, turn);
}

/** Renders a turn as Alexa's response: speech, reprompt, card, screen, and what a reminder step adds. */
export function respondWith(input: HandlerInput, turn: Turn, step?: ReminderStep): Response {
  const translator = translatorFor(input.requestEnvelope.request.locale);
  const { speech, reprompt, card } = render(turn, translator);
  if (input.requestEnvelope.session) input.attributesManager.setSessionAttributes(turn.state ?? {});
  const builder = input.responseBuilder;
  if (speech) builder.speak(speech);
  if (turn.end) builder.withShouldEndSession(true);
  else if (reprompt) builder.reprompt(reprompt);
  if (step?.consentCard) builder.withAskForPermissionsConsentCard([REMINDERS_SCOPE]);
  else if (card) builder.withSimpleCard(card.title, card.content);
  if (step?.directive) builder.addDirective(step.directive);
  if (step) input.attributesManager.getRequestAttributes()[REMINDER_LOG] = step.log;
  const delivered = deliveredLevel(turn);
  if (delivered) input.attributesManager.getRequestAttributes()[OUTCOME_LOG] = delivered;
  const view = supportsScreen(input.requestEnvelope) ? screenFor(turn, translator) : undefined;
  if (view) builder.addDirective(renderDirective(view, screenToken(turn.state)));
  return builder.getResponse();
}

/** The urgency level of the outcome this turn tells the listener, if it tells one: what the log counts. */
function deliveredLevel(turn: Turn): Level | undefined {
  for (const act of turn.acts) {
    if (act.type === 'outcome' || (act.type === 'emergency' && act.outcome)) return act.outcome?.level;
  }
  return undefined;
}
