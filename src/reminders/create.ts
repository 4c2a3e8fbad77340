import type { RequestEnvelope, services } from 'ask-sdk-model';
import { TimedApiClient } from './api-client';
import { reminderTimes } from './schedule';

export const REMINDERS_SCOPE = 'alexa::alerts:reminders:skill:readwrite';

/** How a reminder attempt ended; the log records this code, never the reminder's text. */
export type ReminderResult = 'set' | 'noPermission' | 'limit' | 'failed';

/** Each call to the Alexa API gets this long; the two together stay well inside Alexa's 8 seconds. */
const CALL_DEADLINE_MS = 2_000;

/**
 * ask-sdk-model's run-time part, loaded on the one path that needs its service clients. The Lambda bundle maps
 * the bare `ask-sdk-model` import to a stub (scripts/stubs/ask-sdk-model.ts); this subpath brings back the real
 * module, evaluated only when a reminder is created, so cold starts do not pay for it.
 */
function sdkServices(): typeof services {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ask-sdk-model/index.js') as { services: typeof services }).services;
}

/** True when the listener has granted this skill the reminders permission. */
export function mayCreateReminders(envelope: RequestEnvelope): boolean {
  const scopes = envelope.context?.System?.user?.permissions?.scopes as Record<string, { status?: string }> | undefined;
  return scopes?.[REMINDERS_SCOPE]?.status === 'GRANTED';
}

/**
 * Creates a one-off reminder `days` from now at 6 pm on the device's clock (its time zone from the Settings API),
 * in the listener's language, with a text that names no cause and no answer: it may be read out to a full room.
 */
export async function createFollowUpReminder(
  envelope: RequestEnvelope,
  reminder: { days: number; text: string },
  now: Date = new Date(),
): Promise<ReminderResult> {
  const system = envelope.context?.System;
  const token = system?.apiAccessToken;
  const endpoint = system?.apiEndpoint;
  if (!token || !endpoint) return 'noPermission';
  const sdk = sdkServices();
  const configuration = { apiClient: new TimedApiClient(CALL_DEADLINE_MS), apiEndpoint: endpoint, authorizationValue: token };
  let timeZone: string | undefined;
  try {
    const deviceId = system.device?.deviceId;
    if (deviceId) timeZone = await new sdk.ups.UpsServiceClient(configuration).getSystemTimeZone(deviceId);
  } catch {
    // Without the time zone the reminder still goes off at 6 pm local time, on a date counted in UTC.
  }
  const { requestTime, scheduledTime } = reminderTimes(now, timeZone, reminder.days);
  const request: services.reminderManagement.ReminderRequest = {
    requestTime,
    trigger: { type: 'SCHEDULED_ABSOLUTE', scheduledTime, ...(timeZone ? { timeZoneId: timeZone } : {}) },
    alertInfo: { spokenInfo: { content: [{ locale: envelope.request.locale, text: reminder.text }] } },
    pushNotification: { status: 'ENABLED' },
  };
  try {
    await new sdk.reminderManagement.ReminderManagementServiceClient(configuration).createReminder(request);
    return 'set';
  } catch (error: unknown) {
    const status = (error as { statusCode?: unknown }).statusCode;
    const code = JSON.stringify((error as { response?: unknown }).response ?? '');
    if (status === 403 && code.includes('MAX_REMINDERS')) return 'limit';
    if (status === 401 || status === 403) return 'noPermission';
    return 'failed';
  }
}
