import type { HandlerInput } from 'ask-sdk-core';
import type { Response } from 'ask-sdk-model';
import { respondTo, type Act, type DialogEvent } from '../dialog/conversation';
import { translatorFor } from '../i18n';
import { render } from '../speech/render';

/** Loads the session state, takes the dialog one turn, renders it in the listener's language, saves the state. */
export function respond(input: HandlerInput, event: DialogEvent, lead: Act[] = []): Response {
  const next = respondTo(input.attributesManager.getSessionAttributes(), event);
  const turn = { ...next, acts: [...lead, ...next.acts] };
  const { speech, reprompt, card } = render(turn, translatorFor(input.requestEnvelope.request.locale));
  input.attributesManager.setSessionAttributes(turn.state ?? {});
  const builder = input.responseBuilder;
  if (speech) builder.speak(speech);
  if (turn.end) builder.withShouldEndSession(true);
  else if (reprompt) builder.reprompt(reprompt);
  if (card) builder.withSimpleCard(card.title, card.content);
  return builder.getResponse();
}
