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

function base(locale: string, session: SessionInfo | undefined) {
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
        user: { userId: 'amzn1.ask.account.local' },
        device: { deviceId: 'amzn1.ask.device.local', supportedInterfaces: {} },
        apiEndpoint: 'https://api.amazonalexa.com',
      },
    },
    requestId: `amzn1.echo-api.request.local-${counter}`,
    timestamp: new Date().toISOString(),
    locale,
  };
}

export function launchRequest(locale: string, session: SessionInfo): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session);
  return { ...envelope, request: { type: 'LaunchRequest', requestId, timestamp, locale } } as RequestEnvelope;
}

export function intentRequest(locale: string, session: SessionInfo, name: string, slots: SlotValues = {}): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session);
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

export function sessionEndedRequest(locale: string, session: SessionInfo): RequestEnvelope {
  const { requestId, timestamp, ...envelope } = base(locale, session);
  return {
    ...envelope,
    request: { type: 'SessionEndedRequest', requestId, timestamp, locale, reason: 'USER_INITIATED' },
  } as RequestEnvelope;
}
