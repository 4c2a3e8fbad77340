import type { RequestEnvelope, Slot } from 'ask-sdk-model';

/** Builds request envelopes the way Alexa sends them, for the local console and the tests. */
export interface SessionInfo {
  sessionId: string;
  isNew: boolean;
  attributes: Record<string, unknown>;
}

export type SlotValues = Record<string, { value: string; id?: string }>;

const APPLICATION_ID = 'amzn1.ask.skill.local-console';
let counter = 0;

/** A speaker (Echo, Echo Dot) or a screen device (Echo Show 5: APL, 960 x 480). */
export type Device = 'speaker' | 'screen';

const SCREEN_INTERFACES = { 'Alexa.Presentation.APL': { runtime: { maxVersion: '2023.3' } } };
const ECHO_SHOW_5 = {
  mode: 'HUB',
  shape: 'RECTANGLE',
  pixelWidth: 960,
  pixelHeight: 480,
  dpi: 160,
  currentPixelWidth: 960,
  currentPixelHeight: 480,
  touch: ['SINGLE'],
};

/** Where the Alexa API is and what the listener has allowed: for the reminders, with a local stand-in of the API. */
export interface AlexaContext {
  device?: Device;
  apiEndpoint?: string;
  remindersGranted?: boolean;
}

const REMINDERS_SCOPE = 'alexa::alerts:reminders:skill:readwrite';

function base(locale: string, session: SessionInfo | undefined, deviceOrContext: Device | AlexaContext = 'speaker') {
  const {
    device = 'speaker',
    apiEndpoint = 'https://api.amazonalexa.com',
    remindersGranted = false,
  } = typeof deviceOrContext === 'string' ? { device: deviceOrContext } : deviceOrContext;
  counter += 1;
  return {
    version: '1.0',
    ...(session
      ? {
          session: {
            new: session.isNew,
            sessionId: session.sessionId,
            application: { applicationId: APPLICATION_ID },
            attributes: session.attributes,
            user: { userId: 'amzn1.ask.account.local' },
          },
        }
      : {}),
    context: {
      System: {
        application: { applicationId: APPLICATION_ID },
        user: {
          userId: 'amzn1.ask.account.local',
          ...(remindersGranted ? { permissions: { scopes: { [REMINDERS_SCOPE]: { status: 'GRANTED' } } } } : {}),
        },
        device: { deviceId: 'amzn1.ask.device.local', supportedInterfaces: device === 'screen' ? SCREEN_INTERFACES : {} },
        apiEndpoint,
        apiAccessToken: 'local-api-access-token',
      },
      ...(device === 'screen' ? { Viewport: ECHO_SHOW_5 } : {}),
    },
    requestId: `amzn1.echo-api.request.local-${counter}`,
    timestamp: new Date().toISOString(),
    locale,
  };
}

export function launchRequest(locale: string, session: SessionInfo, device?: Device | AlexaContext): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session, device);
  return { ...envelope, request: { type: 'LaunchRequest', requestId, timestamp, locale } } as RequestEnvelope;
}

export function intentRequest(
  locale: string,
  session: SessionInfo,
  name: string,
  slots: SlotValues = {},
  device?: Device | AlexaContext,
): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session, device);
  const slotObjects: Record<string, Slot> = Object.fromEntries(
    Object.entries(slots).map(([slotName, { value, id }]) => [
      slotName,
      {
        name: slotName,
        value,
        confirmationStatus: 'NONE',
        resolutions: {
          resolutionsPerAuthority: [
            id
              ? {
                  authority: `amzn1.er-authority.echo-sdk.${APPLICATION_ID}.${slotName}`,
                  status: { code: 'ER_SUCCESS_MATCH' },
                  values: [{ value: { name: value, id } }],
                }
              : {
                  authority: `amzn1.er-authority.echo-sdk.${APPLICATION_ID}.${slotName}`,
                  status: { code: 'ER_SUCCESS_NO_MATCH' },
                },
          ],
        },
      } as Slot,
    ]),
  );
  return {
    ...envelope,
    request: {
      type: 'IntentRequest',
      requestId,
      timestamp,
      locale,
      dialogState: 'STARTED',
      intent: { name, confirmationStatus: 'NONE', slots: slotObjects },
    },
  } as RequestEnvelope;
}

/**
 * Alexa asking whether the skill can take a request said without its name: no session, and each slot as in Amazon's
 * documented example of this request, the spoken value without entity resolution.
 */
export function canFulfillIntentRequest(locale: string, name: string, slots: SlotValues = {}): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, undefined);
  const slotObjects = Object.fromEntries(
    Object.entries(slots).map(([slotName, { value }]) => [slotName, { name: slotName, value, confirmationStatus: 'NONE' }]),
  );
  return {
    ...envelope,
    request: {
      type: 'CanFulfillIntentRequest',
      requestId,
      timestamp,
      locale,
      intent: { name, confirmationStatus: 'NONE', slots: slotObjects },
    },
  } as RequestEnvelope;
}

/** A touch on the screen: the token of the document it was on, and the button's SendEvent arguments. */
export function userEventRequest(locale: string, session: SessionInfo, token: string, args: unknown[]): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session, 'screen');
  return {
    ...envelope,
    request: {
      type: 'Alexa.Presentation.APL.UserEvent',
      requestId,
      timestamp,
      locale,
      token,
      arguments: args,
      source: { type: 'TouchWrapper', handler: 'Press' },
    },
  } as RequestEnvelope;
}

/** Alexa's answer to the reminders consent question (Connections.SendRequest AskFor) the skill asked for. */
export function consentResponseRequest(
  locale: string,
  session: SessionInfo,
  token: string,
  answer: 'ACCEPTED' | 'DENIED' | 'NOT_ANSWERED',
  context?: AlexaContext,
  code = '200',
): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session, { ...context, remindersGranted: answer === 'ACCEPTED' });
  return {
    ...envelope,
    request: {
      type: 'Connections.Response',
      requestId,
      timestamp,
      locale,
      name: 'AskFor',
      status: { code, message: 'OK' },
      payload: { status: answer },
      token,
    },
  } as RequestEnvelope;
}

/** Why Alexa ended a session, and the error it reports when that is why. */
export interface SessionEnd {
  reason: 'USER_INITIATED' | 'EXCEEDED_MAX_REPROMPTS' | 'ERROR';
  error?: { type: string; message: string };
}

export function sessionEndedRequest(
  locale: string,
  session: SessionInfo,
  device?: Device | AlexaContext,
  end: SessionEnd = { reason: 'USER_INITIATED' },
): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session, device);
  return {
    ...envelope,
    request: { type: 'SessionEndedRequest', requestId, timestamp, locale, ...end },
  } as RequestEnvelope;
}
