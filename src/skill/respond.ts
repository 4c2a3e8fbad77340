import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { respondTo, type Act, type DialogEvent } from '../dialog/conversation';
import { translatorFor } from '../i18n';
import { renderDirective, supportsScreen } from '../screen/directive';
import { screenToken } from '../screen/touch';
import { screenFor } from '../screen/view';
import { render } from '../speech/render';

/**
 * Loads the session state, takes the dialog one turn, renders it in the listener's language (and on the screen,
 * when the device has one), saves the state.
 */
export function respond(input: HandlerInput, event: DialogEvent, lead: Act[] = []): Response {
  const next = respondTo(input.attributesManager.getSessionAttributes(), event);
  const turn = { ...next, acts: [...lead, ...next.acts] };
  const translator = translatorFor(input.requestEnvelope.request.locale);
  const { speech, reprompt, card } = render(turn, translator);
  input.attributesManager.setSessionAttributes(turn.state ?? {});
  const builder = input.responseBuilder;
  if (speech) builder.speak(speech);
  if (turn.end) builder.withShouldEndSession(true);
  else if (reprompt) builder.reprompt(reprompt);
  if (card) builder.withSimpleCard(card.title, card.content);
  const view = supportsScreen(input.requestEnvelope) ? screenFor(turn, translator) : undefined;
  if (view) builder.addDirective(renderDirective(view, screenToken(turn.state)));
  return builder.getResponse();
}
