import { getRequestType, type ErrorHandler, type HandlerInput, type RequestHandler } from './sdk';
import type { IntentRequest, canfulfill, interfaces } from 'ask-sdk-model';
import type { DialogEvent } from '../dialog/conversation';
import { isSide, loadState } from '../dialog/state';
import { USER_EVENT } from '../screen/directive';
import { touchEvent } from '../screen/touch';
import { rules } from '../rules';
import { Intent, Slot } from './intents';
import { apology } from './apology';
import { respond, respondWith } from './respond';
import { consentAnswered } from './reminder';
import { translatorFor } from '../i18n';
import { resolvedSlotId } from './slots';
import { canFulfillIntent } from './can-fulfill';
import { countSessionEnd, keepCounts } from './metrics';
import { logError } from './log-error';

type IntentEvent = (request: IntentRequest) => DialogEvent;

const intentEvents: Record<string, IntentEvent> = {
  [Intent.yes]: () => ({ type: 'answer', answer: 'yes' }),
  [Intent.no]: () => ({ type: 'answer', answer: 'no' }),
  [Intent.unsure]: () => ({ type: 'answer', answer: 'unsure' }),
  [Intent.partly]: () => ({ type: 'answer', answer: 'partly' }),
  [Intent.describePain]: (request) => {
    const side = resolvedSlotId(request, Slot.side);
    const feel = resolvedSlotId(request, Slot.feel);
    const part = resolvedSlotId(request, Slot.part);
    return {
      type: 'describePain',
      ...(isSide(side) ? { side } : {}),
      ...(feel === undefined ? {} : { feel }),
      ...(part === undefined ? {} : { part }),
    };
  },
  [Intent.moreAbout]: (request) => {
    const cause = resolvedSlotId(request, Slot.cause);
    return { type: 'moreAbout', ...(cause === undefined ? {} : { cause: rules.causeById.has(cause) ? cause : 'unknown' }) };
  },
  [Intent.tonight]: () => ({ type: 'tonight' }),
  [Intent.otherCauses]: () => ({ type: 'otherCauses' }),
  [Intent.help]: () => ({ type: 'help' }),
  [Intent.repeat]: () => ({ type: 'repeat' }),
  [Intent.startOver]: () => ({ type: 'startOver' }),
  [Intent.previous]: () => ({ type: 'back' }),
  [Intent.stop]: () => ({ type: 'stop' }),
  [Intent.cancel]: () => ({ type: 'stop' }),
  [Intent.navigateHome]: () => ({ type: 'stop' }),
  [Intent.fallback]: () => ({ type: 'fallback' }),
  [Intent.emergency]: () => ({ type: 'emergencyHelp' }),
  [Intent.thanks]: () => ({ type: 'thanks' }),
};

const launchHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
  handle: (input) => respond(input, { type: 'launch' }),
};

function intentHandler(name: string, toEvent: IntentEvent): RequestHandler {
  return {
    canHandle: (input) => intentRequest(input)?.intent?.name === name,
    handle: (input) => respond(input, toEvent(intentRequest(input)!)),
  };
}

/** A touch on the screen moves the conversation as the same answer said aloud would. */
const touchHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === USER_EVENT,
  handle: (input) => {
    const request = input.requestEnvelope.request as interfaces.alexa.presentation.apl.UserEvent;
    const loaded = loadState(input.attributesManager.getSessionAttributes());
    const state = loaded.kind === 'interview' || loaded.kind === 'outcome' ? loaded.state : null;
    return respond(input, touchEvent(request.token, request.arguments, state));
  },
};

/** Alexa's answer to the reminders consent question it asked for us. */
const consentHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'Connections.Response',
  handle: async (input) => {
    const request = input.requestEnvelope.request as interfaces.connections.ConnectionsResponse;
    const step = await consentAnswered(input.requestEnvelope, request, translatorFor(request.locale));
    return step?.turn ? respondWith(input, step.turn, step) : respond(input, { type: 'fallback' });
  },
};

/** An intent this skill does not know (an older model, a crafted request) is treated as not understood. */
const unknownIntentHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'IntentRequest',
  handle: (input) => respond(input, { type: 'fallback' }),
};

/**
 * Alexa asking, before it routes a request said without the skill's name, whether the skill can take it
 * (src/skill/can-fulfill.ts): the answer and nothing else, no speech, no session attributes.
 */
const canFulfillHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'CanFulfillIntentRequest',
  handle: (input) => {
    const request = input.requestEnvelope.request as canfulfill.CanFulfillIntentRequest;
    return input.responseBuilder.withCanFulfillIntent(canFulfillIntent(request.intent, request.locale)).getResponse();
  },
};

const sessionEndedHandler: RequestHandler = {
  canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
  handle: (input) => {
    keepCounts(input.attributesManager.getRequestAttributes(), countSessionEnd(input.requestEnvelope.session?.attributes));
    return input.responseBuilder.withShouldEndSession(true).getResponse();
  },
};

/** Whatever went wrong, the listener hears an apology in their language and the question again where possible. */
const errorHandler: ErrorHandler = {
  canHandle: () => true,
  handle: async (input, error) => {
    logError(error, input.requestEnvelope);
    try {
      return await respond(input, { type: 'repeat' }, [{ type: 'error' }]);
    } catch {
      return apology(input.requestEnvelope.request?.locale);
    }
  },
};

function intentRequest(input: HandlerInput): IntentRequest | undefined {
  const request = input.requestEnvelope?.request;
  return request?.type === 'IntentRequest' ? request : undefined;
}

export const requestHandlers: RequestHandler[] = [
  launchHandler,
  touchHandler,
  consentHandler,
  ...Object.entries(intentEvents).map(([name, toEvent]) => intentHandler(name, toEvent)),
  unknownIntentHandler,
  canFulfillHandler,
  sessionEndedHandler,
];

export const errorHandlers: ErrorHandler[] = [errorHandler];
